using System.Diagnostics;
using Eskalasi.Identity;
using Eskalasi.Issues;
using Marten;

namespace Eskalasi.Benchmarks;

/// <summary>
/// <c>--probe</c>: what one bare Marten move costs on a short stream and on a long one. FetchForWriting of a live
/// aggregate reads the whole stream, so a benchmark that appends thousands of events to one stream measures the
/// replay, not the append (see docs/performance.md).
/// </summary>
public static class Probe
{
    public static async Task RunAsync(string connectionString)
    {
        using var store = DocumentStore.For(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = "bench_probe";
            o.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var actor = new Actor("bench", Roles.OpdOfficer, "dinas-pupr");
        NoteAdded Note(Guid id) => new(id, "catatan", actor, DateTimeOffset.UtcNow);

        foreach (var length in new[] { 1, 10, 100, 2000 })
        {
            var id = Guid.NewGuid();
            await using (var s = store.LightweightSession("bench"))
            {
                s.Events.StartStream<Baselines.BareIssue>(id, Enumerable.Range(0, length).Select(_ => (object)Note(id)).ToArray());
                await s.SaveChangesAsync();
            }
            const int n = 100;
            var times = new List<double>();
            for (var i = 0; i < n + 10; i++)
            {
                var sw = Stopwatch.StartNew();
                await using var s = store.LightweightSession("bench");
                var stream = await s.Events.FetchForWriting<Baselines.BareIssue>(id);
                stream.AppendOne(Note(id));
                await s.SaveChangesAsync();
                if (i >= 10) times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"stream of ~{length} events: FetchForWriting + append + SaveChanges p50 {Measure.Percentile(times, 0.5):0.00} ms");
        }
    }
}
