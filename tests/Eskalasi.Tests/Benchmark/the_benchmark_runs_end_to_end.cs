using System.Diagnostics;
using Eskalasi.Infrastructure;

namespace Eskalasi.Tests.Benchmark;

[CollectionDefinition(Name)]
public sealed class BenchmarkCollection
{
    public const string Name = "benchmark";
}

/// <summary>
/// The benchmark in quick mode (tiny sizes): it builds in Release, provisions its own PostgreSQL, runs the service
/// as a process and every step of the full run. Its numbers mean nothing here; that it runs end to end does.
/// </summary>
[Collection(BenchmarkCollection.Name)]
public sealed class the_benchmark_runs_end_to_end
{
    [Fact]
    public async Task in_quick_mode()
    {
        var root = RepositoryPaths.FindRoot()!;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "run", "-c", "Release", "--project", "src/Eskalasi.Benchmarks", "--", "--quick" }) info.ArgumentList.Add(a);
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
}
