namespace Eskalasi.History;

public static class HistoryConfiguration
{
    /// <summary>The History area: generated histories through the real decisions (the demo's, the <c>generate</c> command's).</summary>
    public static WebApplicationBuilder AddHistory(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HistoryWriter>();
        builder.Services.AddSingleton<HistoryService>();
        return builder;
    }
}
