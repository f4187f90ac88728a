using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Chain;

/// <summary>
/// When a move fails several checks at once, the answer names the first in the documented order
/// (403 → 400 → 412 → 409 → 422), and nothing is written.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class the_order_of_checks(AppFixture app) : InARegion(app)
{
    private async Task<IssueDetails> AtAsisten2()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        return await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
    }

    private static Action<Alba.Scenario> Stale => s => s.WithRequestHeader("If-Match", "\"1\"");

    private async Task Refused(string account, Guid issueId, string move, object body, int status, string? rule, bool stale)
    {
        var before = await Region.EventCount();
        var result = await Region.Post(account, $"/api/issues/{issueId}/{move}", body, status, stale ? Stale : null);
        var problem = await result.ReadJson();
        if (rule is not null) problem.Rule().ShouldBe(rule);
        (await Region.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task not_the_holder_comes_before_a_missing_field() =>
        await Refused("asisten-1", (await AtAsisten2()).Id, "transfer", new { }, 403, "not-holder", stale: true);

    [Fact]
    public async Task a_missing_field_comes_before_a_stale_version() =>
        await Refused("asisten-2", (await AtAsisten2()).Id, "transfer", new { reason = "Pindah." }, 400, null, stale: true);

    [Fact]
    public async Task a_stale_version_comes_before_the_assistant_first_rule() =>
        await Refused("asisten-2", (await AtAsisten2()).Id, "escalate",
            new { reasonCode = "regulasi", justification = TestRegion.LongJustification }, 412, null, stale: true);

    [Fact]
    public async Task a_stale_version_comes_before_a_closed_issue()
    {
        var issue = await AtAsisten2();
        await Region.Move("asisten-2", issue.Id, "resolve", new { resolution = "Selesai di tingkat Asisten." });
        await Refused("asisten-2", issue.Id, "resolve", new { resolution = "Lagi." }, 412, null, stale: true);
    }

    [Fact]
    public async Task a_closed_issue_comes_before_the_assistant_first_rule()
    {
        var issue = await AtAsisten2();
        await Region.Move("asisten-2", issue.Id, "resolve", new { resolution = "Selesai di tingkat Asisten." });
        await Refused("asisten-2", issue.Id, "escalate", new { reasonCode = "entah", justification = "pendek" }, 409, "issue-closed", stale: false);
    }
}
