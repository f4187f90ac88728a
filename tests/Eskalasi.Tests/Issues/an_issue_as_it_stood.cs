using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Issues;

/// <summary><c>?asOf=</c> between two events gives the issue as it stood then: the earlier position and version.</summary>
[Collection(AppCollection.Name)]
public sealed class an_issue_as_it_stood(AppFixture app) : InARegion(app)
{
    [Fact]
    public async Task between_two_moves_it_is_where_the_first_left_it()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        App.Clock.Advance(TimeSpan.FromHours(2));
        var between = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromHours(2));
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
        App.Clock.Advance(TimeSpan.FromHours(2));
        var later = App.Clock.GetUtcNow();
        await Region.Post("opd/pdam", $"/api/issues/{issue.Id}/notes", new { text = "PDAM siap." }, 201);

        async Task<IssueDetails> AsOf(DateTimeOffset at)
        {
            var result = await Region.Host.Scenario(s =>
            {
                s.Get.Url($"/api/issues/{issue.Id}?asOf={Uri.EscapeDataString(at.ToString("O"))}");
                s.WithBearer(Region.Token("opd/dinas-pupr"));
            });
            result.Context.Response.Headers.ETag.ToString().ShouldNotBeEmpty();
            return (await result.ReadAsJsonAsync<IssueDetails>())!;
        }

        var then = await AsOf(between);
        (then.Level, then.Holder, then.Version).ShouldBe((IssueLevel.Opd, "dinas-pupr", 1L));
        var afterRaise = await AsOf(later);
        (afterRaise.Level, afterRaise.Holder, afterRaise.Version).ShouldBe((IssueLevel.Asisten, "asisten-2", 2L));
        (await Region.Issue(issue.Id)).Version.ShouldBe(3);
    }
}
