using Eskalasi.Infrastructure;
using System.Collections.Concurrent;
using Marten;

namespace Eskalasi.Organisation;

/// <summary>
/// The regions' organisation documents, kept in memory: every move and view reads its region's organisation,
/// and it changes only when a region is loaded (the seeder inserts, never overwrites) or its admin changes it (this
/// process forgets its copy at once, other nodes when its signal reaches them). An entry is re-read after
/// a minute, so an edit made in the database directly (or a signal missed) shows without a restart. A region not found is not kept:
/// it may be loaded a moment later.
/// </summary>
public sealed class RegionDirectory
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);
    private const string Signal = "organisation";
    private readonly ConcurrentDictionary<string, (RegionOrganisation Organisation, long ReadAt)> _regions = new();
    private readonly IDocumentStore store;
    private readonly NationalCalendar national;
    private readonly NodeSignals signals;
    private readonly RegionDatabases databases;

    public RegionDirectory(IDocumentStore store, NationalCalendar national, NodeSignals signals, RegionDatabases databases)
    {
        this.store = store;
        this.databases = databases;
        this.national = national;
        this.signals = signals;
        signals.On(Signal, region => _regions.TryRemove(region, out _)); // another node changed it
    }

    /// <summary>The region was changed by this process: read it again at the next use, here and on the other nodes.</summary>
    public void Forget(string region)
    {
        _regions.TryRemove(region, out _);
        signals.Raise(Signal, region);
    }

    /// <summary>A region as stored, with the national calendar attached (it is not stored with the region).</summary>
    public RegionOrganisation WithCalendar(RegionOrganisation stored) => stored with { National = national };

    public async Task<RegionOrganisation?> FindAsync(string region, CancellationToken ct)
    {
        if (_regions.TryGetValue(region, out var kept) && Environment.TickCount64 - kept.ReadAt < KeptFor.TotalMilliseconds)
            return kept.Organisation;
        RegionOrganisation? organisation;
        try
        {
            await using var session = store.QuerySession(region);
            organisation = await session.LoadAsync<RegionOrganisation>(region, ct) is { } stored ? WithCalendar(stored) : null;
        }
        catch (JasperFx.MultiTenancy.UnknownTenantIdException)
        {
            return null; // a database per region, and none is registered for this one
        }
        if (organisation is null) return null;
        await databases.MessageStorageAsync(region); // made at this node's first sight of the region; remembered after
        _regions[region] = (organisation, Environment.TickCount64);
        return organisation;
    }
}
