using System.Linq.Expressions;
using Marten;
using Marten.Linq;

namespace Eskalasi.Issues;

/// <summary>
/// The open-issue queries the backlogs, the agenda and the Sekda queue run on every read, as Marten compiled
/// queries: the LINQ is translated to SQL once, not on every request (docs/performance.md).
/// </summary>
public static class OpenIssues
{
    /// <summary>The open issues one office holds at one level.</summary>
    public sealed class HeldBy : ICompiledListQuery<IssueDetails>
    {
        public IssueLevel Level { get; set; }
        public string Holder { get; set; } = "";

        public Expression<Func<IMartenQueryable<IssueDetails>, IEnumerable<IssueDetails>>> QueryIs() =>
            q => q.Where(i => i.Status == IssueStatus.Open && i.Level == Level && i.Holder == Holder);
    }

    /// <summary>The open issues at one level held by any of these holders; longest there first.</summary>
    public sealed class AtLevelAmong : ICompiledListQuery<IssueDetails>
    {
        public IssueLevel Level { get; set; }
        public string[] Holders { get; set; } = [];

        public Expression<Func<IMartenQueryable<IssueDetails>, IEnumerable<IssueDetails>>> QueryIs() =>
            q => q.Where(i => i.Status == IssueStatus.Open && i.Level == Level && i.Holder.IsOneOf(Holders)).OrderBy(i => i.ArrivedAtLevelAt);
    }

    /// <summary>The open issues past their dwell target at one level, held by any of these holders; longest there first.</summary>
    public sealed class OverdueAmong : ICompiledListQuery<IssueDetails>
    {
        public IssueLevel Level { get; set; }
        public string[] Holders { get; set; } = [];

        public Expression<Func<IMartenQueryable<IssueDetails>, IEnumerable<IssueDetails>>> QueryIs() =>
            q => q.Where(i => i.Status == IssueStatus.Open && i.Level == Level && i.Overdue && i.Holder.IsOneOf(Holders))
                .OrderBy(i => i.ArrivedAtLevelAt);
    }

    /// <summary>The open issues past their dwell target at one level; longest there first.</summary>
    public sealed class OverdueAt : ICompiledListQuery<IssueDetails>
    {
        public IssueLevel Level { get; set; }

        public Expression<Func<IMartenQueryable<IssueDetails>, IEnumerable<IssueDetails>>> QueryIs() =>
            q => q.Where(i => i.Status == IssueStatus.Open && i.Level == Level && i.Overdue).OrderBy(i => i.ArrivedAtLevelAt);
    }

    /// <summary>The open issues at either of two levels; longest there first.</summary>
    public sealed class AtEither : ICompiledListQuery<IssueDetails>
    {
        public IssueLevel Level { get; set; }
        public IssueLevel OtherLevel { get; set; }

        public Expression<Func<IMartenQueryable<IssueDetails>, IEnumerable<IssueDetails>>> QueryIs() =>
            q => q.Where(i => i.Status == IssueStatus.Open && (i.Level == Level || i.Level == OtherLevel)).OrderBy(i => i.ArrivedAtLevelAt);
    }
}
