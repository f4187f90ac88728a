using Eskalasi.Infrastructure;

namespace Eskalasi.Issues.Integrity;

/// <summary><c>verify --region R</c>: recomputes every issue chain of the region; exit code 1 names the first broken stream.</summary>
public static class VerifyCommand
{
    public const string Name = "verify";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static void Prepare(WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Eskalasi:DemoHistory:IssuesPerRegion"] = "0";
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var region = args.SkipWhile(a => a != "--region").Skip(1).FirstOrDefault();
        if (region is null)
        {
            Console.Error.WriteLine("Usage: verify --region <region>");
            return 2;
        }
        await app.StartAsync();
        try
        {
            await app.Services.GetRequiredService<StartupState>().WhenReady;
            var result = await app.Services.GetRequiredService<IssueChainVerifier>().VerifyAsync(region, CancellationToken.None);
            if (result.Broken is null)
            {
                Console.WriteLine($"{region}: {result.Streams} issue streams, {result.Events} events: every chain holds.");
                return 0;
            }
            Console.WriteLine($"{region}: BROKEN at issue {result.Number} (stream {result.Broken}): {result.Why}.");
            return 1;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
