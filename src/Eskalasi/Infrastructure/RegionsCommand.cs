namespace Eskalasi.Infrastructure;

/// <summary>
/// <c>regions move --region R --from "&lt;shared database&gt;" [--to "&lt;its database&gt;"]</c>, run with the settings of a
/// database-per-region deployment: the region is copied from the shared database into a database of its own (made on the
/// master's server when <c>--to</c> is not given), checked, and served by this deployment from then on (RegionMove).
/// Exit code 0 when moved, 1 when its views did not compare equal (nothing registered), 2 when refused before writing.
/// <c>regions add --seed file.json</c> adds a region while the service runs (<see cref="AddAsync"/>).
/// </summary>
public static class RegionsCommand
{
    public const string Name = "regions";

    public static bool IsRequested(string[] args) => args.Length > 1 && args[0] == Name && args[1] is "move" or "add";

    public static void Prepare(WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Eskalasi:DemoHistory:IssuesPerRegion"] = "0";
        builder.Configuration["Eskalasi:SeedRegions"] = "false";
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        if (args[1] == "add") return await AddAsync(app, Option("--seed"));
        var region = Option("--region");
        var from = Option("--from");
        if (region is null || from is null)
        {
            Console.Error.WriteLine("Usage: regions move --region <region> --from \"<connection string of the shared database>\" [--to \"<connection string>\"]");
            return 2;
        }
        await app.StartAsync();
        try
        {
            await app.Services.GetRequiredService<StartupState>().WhenReady;
            var report = await app.Services.GetRequiredService<RegionMove>().MoveAsync(region, from, Option("--to"), CancellationToken.None);
            Console.WriteLine($"{region}: {string.Join(", ", report.RowsCopied.Select(r => $"{r.Key} {r.Value}"))} rows copied to {report.Database}");
            Console.WriteLine($"{region}: {report.ProjectionsRebuilt} projections rebuilt, {report.ViewRowsCompared} view rows compared, {report.Differences.Count} differ");
            if (!report.Succeeded)
            {
                foreach (var difference in report.Differences) Console.WriteLine("  " + difference);
                Console.WriteLine($"{region}: NOT moved (the region's row was taken out of the master table again; drop {report.Database} before retrying).");
                return 1;
            }
            Console.WriteLine($"{region}: moved; {report.TimersArmed} timers armed in its database. The source copy is left as it was.");
            return 0;
        }
        catch (MoveRefused refused)
        {
            Console.Error.WriteLine($"{region}: not moved: {refused.Message}.");
            return 2;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>
    /// <c>regions add --seed file.json</c>: a new region from a seed file (the format of <c>seeds/</c>), while the service
    /// runs — with a database per region it gets its database here and every node finds it in the master table at its
    /// first request; no node restarts and no other region is touched.
    /// </summary>
    private static async Task<int> AddAsync(WebApplication app, string? seed)
    {
        if (seed is null)
        {
            Console.Error.WriteLine("Usage: regions add --seed <region file, as in seeds/>");
            return 2;
        }
        Organisation.RegionOrganisation region;
        try
        {
            region = Organisation.OrganisationSeeder.ReadSeed(seed);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{seed}: {e.Message}");
            return 2;
        }
        await app.StartAsync();
        try
        {
            await app.Services.GetRequiredService<StartupState>().WhenReady;
            var added = await app.Services.GetRequiredService<Organisation.OrganisationSeeder>().LoadAsync(region);
            var database = await app.Services.GetRequiredService<RegionDatabases>().RegisteredConnectionAsync(region.Id, CancellationToken.None);
            Console.WriteLine(added
                ? $"{region.Id}: added ({region.Offices.Count} offices, {region.Opds.Count} OPDs)" +
                  (database is null ? " in the shared database." : $" in its own database {new Npgsql.NpgsqlConnectionStringBuilder(database).Database}.")
                : $"{region.Id}: already there; left as it is.");
            return 0;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
