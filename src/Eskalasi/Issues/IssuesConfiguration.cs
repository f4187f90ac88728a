using Eskalasi.Infrastructure;
using JasperFx.Events.Projections;
using Marten.Events.Projections;

namespace Eskalasi.Issues;

public static class IssuesConfiguration
{
    /// <summary>The Issues area: the move pipeline, its views and the number counter.</summary>
    public static WebApplicationBuilder AddIssues(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Moves.IssueMoves>();
        builder.Services.AddSingleton<Integrity.IssueChainVerifier>();
        builder.Services.ConfigureStore(options =>
        {
            // Every issue event is known to Marten from the start (the analysts' replay asks Marten for their stored names).
            options.Events.AddEventTypes(typeof(IIssueEvent).Assembly.GetTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIssueEvent).IsAssignableFrom(t)));
            options.Projections.Add<IssueDetailsProjection>(ProjectionLifecycle.Inline);
            // The backlogs, the Sekda queue and the lists filter on status, level and holder: real indexed columns
            // (duplicated fields), not JSON lookups — at 100k issues that is the difference between ms and 100s of ms.
            options.Schema.For<IssueDetails>()
                .Duplicate(x => x.Status)
                .Duplicate(x => x.Level)
                .Duplicate(x => x.Holder)
                .Duplicate(x => x.Overdue)
                // The backlogs and the Sekda queue ask "open, at this level, held by ..., in this region": one index
                // that starts with the region answers all of them (the indexes of single duplicated fields leave
                // the tenant out).
                .Index(x => new { x.Level, x.Status, x.Holder, x.Overdue }, index =>
                {
                    index.Name = "mt_doc_issuedetails_idx_open_by_holder";
                    index.TenancyScope = Marten.Schema.Indexing.Unique.TenancyScope.PerTenant;
                })
                .Index(x => x.Number)
                .Index(x => x.LoggedAt)
                .GinIndexJsonDataMember(x => x.InvolvedOpds);
            options.Projections.Snapshot<Issue>(SnapshotLifecycle.Inline);
            options.Events.UseIdentityMapForAggregates = true;
            options.Schema.For<Moves.IdempotentReply>();
            // Tamper evidence: each issue stream's hash chain, extended in the transaction that appends (Integrity/).
            options.Schema.For<Integrity.IssueChain>();
            options.Listeners.Add(new Integrity.IssueChainListener());
            options.Storage.ExtendedSchemaObjects.Add(IssueNumbers.Table());
            options.Storage.ExtendedSchemaObjects.Add(Evidence.EvidenceStore.Table());
        });
        return builder;
    }
}
