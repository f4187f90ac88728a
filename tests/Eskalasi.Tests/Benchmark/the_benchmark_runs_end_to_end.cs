using System.Diagnostics;
using Eskalasi.Infrastructure;

namespace Eskalasi.Tests.Benchmark;

[CollectionDefinition(Name)]
public sealed class BenchmarkCollection
{
    public const string Name = "benchmark";
}

/// <summary>
/// The benchmark in quick mode (tiny sizes): it provisions its own PostgreSQL, runs the service as a process and every
/// step of the full run. It runs the builds this test run already has (the solution's build made them in the same
/// configuration as this test), so no second copy is compiled here. Its numbers mean nothing; that it runs end to end does.
/// </summary>
[Collection(BenchmarkCollection.Name)]
public sealed class the_benchmark_runs_end_to_end
{
    [Fact]
    public async Task in_quick_mode()
    {
        var root = RepositoryPaths.FindRoot()!;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var driver = Path.Combine(root, "src", "Eskalasi.Benchmarks", "bin", configuration, "net10.0", "Eskalasi.Benchmarks.dll");
        if (!File.Exists(driver)) await Dotnet(root, "build", "src/Eskalasi.Benchmarks", "-c", configuration); // the test project alone was built

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { driver, "--quick" }) info.ArgumentList.Add(a);
        info.Environment.Remove("ConnectionStrings__Marten"); // its own throwaway cluster, apart from the tests' data

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);

        var text = await output;
        process.ExitCode.ShouldBe(0, text + await errors);
        text.ShouldContain("| raw INSERT (jsonb, ~400 B) | 8 |");
        text.ShouldContain("| bare Marten append (Rich mode) | 8 |");
        text.ShouldContain("| Eskalasi move over HTTP (note) | 8 |");
        text.ShouldContain("| Asisten backlog (asisten-2) |");
        text.ShouldContain("Finished rebuilding IssueDetails");
        text.ShouldContain("BENCHMARK DONE");
    }

    private static async Task Dotnet(string root, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, output);
    }
}
