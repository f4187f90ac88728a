using Eskalasi.Infrastructure;
using Eskalasi.Organisation;

namespace Eskalasi.History;

/// <summary>
/// <c>dotnet run --project src/Eskalasi -- generate --issues 100000 [--days 1095] [--seed 42] [--region kota-payakumbuh]</c>:
/// writes a multi-year history into the configured (or local) database, spread over the seed regions, showing
/// progress as it goes. The service is started on a free port for the duration, without its demo history.
/// </summary>
public static class GenerateCommand
{
    public const string Name = "generate";

    public sealed record Arguments(int Issues, int Days, int Seed, string? Region);

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static void Prepare(WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Eskalasi:DemoHistory:IssuesPerRegion"] = "0";
    }

    public static Arguments Parse(string[] args)
    {
        string? Value(string flag) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault();
        int Number(string flag, int fallback) => int.TryParse(Value(flag), out var n) && n > 0 ? n : fallback;
        return new Arguments(Number("--issues", 1000), Number("--days", 3 * 365), Number("--seed", 42), Value("--region"));
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var arguments = Parse(args);
        await app.StartAsync();
        try
        {
            await app.Services.GetRequiredService<StartupState>().WhenReady;
            var seeds = OrganisationSeeder.ReadSeeds(RepositoryPaths.SeedsDirectory(app.Configuration, app.Environment.ContentRootPath))
                .Where(r => arguments.Region is null || r.Id == arguments.Region).ToList();
            if (seeds.Count == 0)
            {
                Console.Error.WriteLine($"No seed region named '{arguments.Region}'.");
                return 2;
            }
            var history = app.Services.GetRequiredService<HistoryService>();
            var perRegion = Math.Max(1, arguments.Issues / seeds.Count);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var events = 0;
            foreach (var region in seeds)
            {
                var generated = await history.GenerateAsync(region, perRegion, arguments.Days, arguments.Seed, Console.WriteLine, CancellationToken.None);
                events += generated.EventCount;
            }
            Console.WriteLine($"Done: {perRegion * seeds.Count} issues, {events} events over {arguments.Days} days in {started.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
