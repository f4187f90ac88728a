using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Chain;

[Collection(AppCollection.Name)]
public class concurrency_and_retries(AppFixture app, Xunit.Abstractions.ITestOutputHelper output) : InARegion(app)
{
    [Fact]
    public async Task two_moves_at_once_give_one_success_and_one_409_never_a_lost_event()
    {
        for (var round = 0; round < 15; round++)
        {
            var issue = await Region.LogIssueAs("opd/dinas-pupr");
            await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });

            var resolve = Send("asisten-2", issue.Id, "resolve", new { resolution = "Selesai oleh Asisten II." });
            var transfer = Send("asisten-2", issue.Id, "transfer", new { toOffice = "asisten-1", reason = "Pindah." });
            var statuses = (await Task.WhenAll(resolve, transfer)).Order().ToList();

            // Either both serialised (the second then meets the new state: closed, or no longer the holder)
            // or they collided (409 concurrent-change); never two successes.
            output.WriteLine($"round {round}: {string.Join(",", statuses)}");
            statuses.Count(s => s == 200).ShouldBe(1, $"round {round}: {string.Join(",", statuses)}");
            statuses.Count(s => s is 409 or 403).ShouldBe(1);
            (await Region.History(issue.Id)).Count.ShouldBe(3, "one move written, none lost, none doubled");
        }
    }

    [Fact]
    public async Task two_notes_at_once_are_both_kept_or_one_is_told_to_retry()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Send(i % 2 == 0 ? "opd/pdam" : "opd/dinas-perkim", issue.Id, "notes", new { text = $"Catatan {i}" })));
        statuses.ShouldAllBe(s => s == 201 || s == 409);
        statuses.ShouldContain(201, "at least the first to commit is kept");
        (await Region.History(issue.Id)).Count.ShouldBe(1 + statuses.Count(s => s == 201));

        // Each told to retry succeeds on retry: nothing was lost, the note just came second.
        foreach (var _ in statuses.Where(s => s == 409))
            await Region.Post("opd/pdam", $"/api/issues/{issue.Id}/notes", new { text = "Catatan diulang" }, 201);
        (await Region.History(issue.Id)).Count.ShouldBe(1 + statuses.Length);
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_writes_nothing()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        await Region.Post("opd/pdam", $"/api/issues/{issue.Id}/notes", new { text = "Kami siap." }, 201);

        var before = await Region.EventCount();
        await Region.Post("opd/dinas-pupr", $"/api/issues/{issue.Id}/escalate", new { justification = "Naikkan." }, 412,
            s => s.WithRequestHeader("If-Match", "\"1\""));
        (await Region.EventCount()).ShouldBe(before);

        var fresh = await Region.Post("opd/dinas-pupr", $"/api/issues/{issue.Id}/escalate", new { justification = "Naikkan." }, 200,
            s => s.WithRequestHeader("If-Match", "\"2\""));
        fresh.Context.Response.Headers.ETag.ToString().ShouldBe("\"3\"");
    }

    [Fact]
    public async Task a_repeated_idempotency_key_answers_as_the_first_time_and_writes_nothing()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        void Key(Alba.Scenario s) => s.WithRequestHeader("Idempotency-Key", "raise-7c1e");

        var first = await Region.Post("opd/dinas-pupr", $"/api/issues/{issue.Id}/escalate", new { justification = "Naikkan." }, 200, Key);
        var firstBody = await first.ReadAsTextAsync();
        var after = await Region.EventCount();

        var again = await Region.Post("opd/dinas-pupr", $"/api/issues/{issue.Id}/escalate", new { justification = "Naikkan." }, 200, Key);
        (await again.ReadAsTextAsync()).ShouldBe(firstBody);
        (await Region.EventCount()).ShouldBe(after);

        await Region.Post("opd/dinas-pupr", $"/api/issues/{issue.Id}/escalate", new { justification = "Lain." }, 422, Key);
        (await Region.EventCount()).ShouldBe(after);
    }

    [Fact]
    public async Task a_repeated_follow_up_with_the_same_key_creates_one_follow_up()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Naikkan." });
        void Key(Alba.Scenario s) => s.WithRequestHeader("Idempotency-Key", "fu-1");
        var dueDate = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd");
        var body = new { ownerOpd = "pdam", description = "Ganti pipa.", dueDate };

        var first = await (await Region.Post("asisten-2", $"/api/issues/{issue.Id}/follow-ups", body, 201, Key)).ReadJson();
        var again = await (await Region.Post("asisten-2", $"/api/issues/{issue.Id}/follow-ups", body, 201, Key)).ReadJson();
        again.GetProperty("id").GetGuid().ShouldBe(first.GetProperty("id").GetGuid());
        (await Region.Issue(issue.Id)).FollowUps.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_log_retried_with_the_same_key_numbers_one_issue()
    {
        void Key(Alba.Scenario s) => s.WithRequestHeader("Idempotency-Key", "log-weak-signal-1");
        var body = TestRegion.AValidIssue();
        var before = await Region.EventCount();

        var first = await Region.Post("opd/dinas-pupr", "/api/issues", body, 201, Key);
        var firstBody = await first.ReadAsTextAsync();
        var again = await Region.Post("opd/dinas-pupr", "/api/issues", body, 201, Key);
        (await again.ReadAsTextAsync()).ShouldBe(firstBody);
        again.Context.Response.Headers.Location.ToString().ShouldBe(first.Context.Response.Headers.Location.ToString());
        (await Region.EventCount()).ShouldBe(before + 1);

        // Both at once: still one issue.
        void OtherKey(Alba.Scenario s) => s.WithRequestHeader("Idempotency-Key", "log-weak-signal-2");
        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Region.Post("opd/dinas-pupr", "/api/issues", body, 201, OtherKey)));
        racing[0].Context.Response.Headers.Location.ToString().ShouldBe(racing[1].Context.Response.Headers.Location.ToString());
        (await Region.EventCount()).ShouldBe(before + 2);

        // The same key for another problem is a mistake, not a retry.
        await Region.Post("opd/dinas-pupr", "/api/issues", body with { Title = "Masalah lain" }, 422, Key);
        (await Region.EventCount()).ShouldBe(before + 2);
    }

    private async Task<int> Send(string account, Guid issueId, string move, object body)
    {
        var result = await Region.Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl($"/api/issues/{issueId}/{move}");
            s.WithBearer(Region.Token(account));
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }
}
