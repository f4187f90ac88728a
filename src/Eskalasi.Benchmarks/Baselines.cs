using Eskalasi.Identity;
using Eskalasi.Issues;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Eskalasi.Benchmarks;

/// <summary>The yardsticks measured in the same run: a raw jsonb INSERT, and bare Marten appending one event.</summary>
public static class Baselines
{
    public const int PoolSize = 2000;

    // About 400 bytes of JSON, the size of a typical Eskalasi event.
    public static readonly string Payload = System.Text.Json.JsonSerializer.Serialize(new
    {
        issueId = Guid.NewGuid(), text = new string('x', 250),
        by = new { user = "kota-payakumbuh/opd/dinas-pupr", role = "opd-officer", office = "dinas-pupr" }, at = DateTimeOffset.UtcNow,
    });

    public static async Task<LoadResult> RawInsertAsync(string connectionString, int clients, TimeSpan duration)
    {
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await new NpgsqlCommand("create table if not exists bench_raw (id bigserial primary key, data jsonb not null)", setup).ExecuteNonQueryAsync();
        }
        var connections = new NpgsqlConnection[clients];
        for (var c = 0; c < clients; c++)
        {
            connections[c] = new NpgsqlConnection(Eskalasi.Infrastructure.Persistence.Tuned(connectionString)); // as the service connects
            await connections[c].OpenAsync();
        }
        try
        {
            return await Measure.LoadAsync("raw INSERT (jsonb, ~400 B)", clients, duration, async c =>
            {
                await using var insert = new NpgsqlCommand("insert into bench_raw (data) values (@data::jsonb)", connections[c]);
                insert.Parameters.AddWithValue("data", Payload);
                await insert.ExecuteNonQueryAsync();
            });
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }
    }

    /// <summary>Bare Marten, no projections, no HTTP: FetchForWriting + append one event + SaveChanges, one stream per client.</summary>
    public static async Task<LoadResult> BareMartenAsync(string connectionString, int clients, TimeSpan duration, bool quickAppend)
    {
        using var store = DocumentStore.For(o =>
        {
            o.Connection(Eskalasi.Infrastructure.Persistence.Tuned(connectionString)); // as the service connects
            o.DatabaseSchemaName = quickAppend ? "bench_marten_quick" : "bench_marten";
            o.Events.AppendMode = quickAppend ? JasperFx.Events.EventAppendMode.Quick : JasperFx.Events.EventAppendMode.Rich;
            o.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var actor = new Actor("bench", Roles.OpdOfficer, "dinas-pupr");
        // A pool of streams, each client cycling through its own share: streams stay short, as issues are.
        var streams = Enumerable.Range(0, PoolSize).Select(_ => Guid.NewGuid()).ToArray();
        var next = new int[clients];
        await using (var session = store.LightweightSession("bench"))
        {
            foreach (var id in streams)
                session.Events.StartStream<BareIssue>(id, new NoteAdded(id, "start", actor, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        return await Measure.LoadAsync($"bare Marten append ({(quickAppend ? "Quick" : "Rich")} mode)", clients, duration, async c =>
        {
            var id = streams[c + clients * (next[c]++ % (streams.Length / clients))];
            await using var session = store.LightweightSession("bench");
            var stream = await session.Events.FetchForWriting<BareIssue>(id);
            stream.AppendOne(new NoteAdded(id, Baselines.Payload[..200], actor, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        });
    }

    public sealed record BareIssue(Guid Id, int Notes)
    {
        public static BareIssue Create(IEvent<NoteAdded> e) => new(e.StreamId, 1);
        public BareIssue Apply(NoteAdded _) => this with { Notes = Notes + 1 };
    }
}
