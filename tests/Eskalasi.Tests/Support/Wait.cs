namespace Eskalasi.Tests.Support;

public static class Wait
{
    /// <summary>Polls for a condition that a timer or the outbox makes true shortly (never a fixed sleep).</summary>
    public static async Task<bool> Until(Func<Task<bool>> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return await condition();
    }
}
