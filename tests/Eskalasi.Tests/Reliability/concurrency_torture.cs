using System.Collections.Concurrent;
using Alba;
using Eskalasi.Issues;
using Eskalasi.Issues.Integrity;
using Eskalasi.Tests.Security;
using Eskalasi.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Eskalasi.Tests.Reliability;

/// <summary>
/// Many clients making conflicting moves on a few issues at once (short form; <c>ESKALASI_TORTURE_SECONDS</c> for a
/// soak): each reads an issue, then sends a note with <c>If-Match</c> of the version it read — so every version is
/// contested. Afterwards: each stream's versions are contiguous, exactly one request won each contested version, every
/// acknowledged note is in its stream once, the views and the hash chains agree with the events, and replays under
/// the same Idempotency-Key answer exactly as the first time and write nothing.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class concurrency_torture(AppFixture app, ITestOutputHelper output) : InARegion(app)
{
    private sealed record Sent(Guid Issue, long Expected, string Key, string Text, int Status, string Body);

    [Fact]
    public async Task versions_stay_contiguous_and_each_contested_version_has_one_winner()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("ESKALASI_TORTURE_SECONDS"), out var s) && s > 0 ? s : 8;
        var issues = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var issue = await Region.LogIssueAs("opd/dinas-pupr");
            await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi PDAM dan Perkim." });
            issues.Add(issue.Id);
        }
        var token = Region.Token("asisten-2");
        var sent = new ConcurrentBag<Sent>();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);

        async Task Client(int client)
        {
            var random = new Random(client);
            for (var n = 0; DateTime.UtcNow < deadline; n++)
            {
                var issue = issues[random.Next(issues.Count)];
                var read = await App.Host.Scenario(x => { x.Get.Url($"/api/issues/{issue}"); x.WithBearer(token); });
                var version = long.Parse(read.Context.Response.Headers.ETag.ToString().Trim('"'));
                var key = $"t{client}-{n}";
                var text = $"Catatan {key}";
                var result = await App.Host.Scenario(x =>
                {
                    x.Post.Json(new { text }).ToUrl($"/api/issues/{issue}/notes");
                    x.WithBearer(token);
                    x.WithRequestHeader("If-Match", $"\"{version}\"");
                    x.WithRequestHeader("Idempotency-Key", key);
                    x.IgnoreStatusCode();
                });
                sent.Add(new Sent(issue, version, key, text, result.Context.Response.StatusCode, await result.ReadAsTextAsync()));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(Client));
        var all = sent.ToList();
        all.Select(x => x.Status).Distinct().Order().ShouldBeSubsetOf([201, 409, 412]);
        var won = all.Where(x => x.Status == 201).ToList();

        // Exactly one winner per contested version.
        var contested = all.GroupBy(x => (x.Issue, x.Expected)).ToList();
        contested.Where(g => g.Count(x => x.Status == 201) != 1).Select(g => $"{g.Key}: {g.Count(x => x.Status == 201)} winners").ShouldBeEmpty();

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        var serializer = store.Options.Serializer();
        await using var session = store.QuerySession(Region.Code);
        foreach (var issue in issues)
        {
            var stream = await session.Events.FetchStreamAsync(issue);
            stream.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stream.Count).Select(v => (long)v), "versions contiguous");
            var notes = stream.Select(e => e.Data).OfType<NoteAdded>().Select(n => n.Text).ToList();
            notes.Order().ShouldBe(won.Where(x => x.Issue == issue).Select(x => x.Text).Order(), "every acknowledged note once, no other");
            var view = (await session.LoadAsync<IssueDetails>(issue))!;
            view.Version.ShouldBe(stream.Count, "the view agrees with the events");
            // ... field by field: the stored view is what a fresh fold of the whole stream gives.
            var rebuilt = (await session.Events.AggregateStreamAsync<IssueDetails>(issue))!;
            serializer.ToJson(view).ShouldBe(serializer.ToJson(rebuilt), "the view equals a rebuild from its events");
        }
        var verified = await App.Host.Services.GetRequiredService<IssueChainVerifier>().VerifyAsync(Region.Code, CancellationToken.None);
        verified.Broken.ShouldBeNull(verified.Why);

        // Replays of the winners under their keys: the same answer, nothing written.
        var before = await Region.EventCount();
        foreach (var first in won.Take(20))
        {
            var replay = await App.Host.Scenario(x =>
            {
                x.Post.Json(new { text = first.Text }).ToUrl($"/api/issues/{first.Issue}/notes");
                x.WithBearer(token);
                x.WithRequestHeader("If-Match", $"\"{first.Expected}\"");
                x.WithRequestHeader("Idempotency-Key", first.Key);
                x.IgnoreStatusCode();
            });
            replay.Context.Response.StatusCode.ShouldBe(first.Status);
            (await replay.ReadAsTextAsync()).ShouldBe(first.Body);
        }
        (await Region.EventCount()).ShouldBe(before);

        var summary = $"concurrency torture {seconds} s, 8 clients, 5 issues: {all.Count} conflicting notes, {won.Count} won, " +
                      $"{all.Count(x => x.Status == 409)}×409 {all.Count(x => x.Status == 412)}×412; {contested.Count} contested versions, each one winner; " +
                      "versions contiguous, views equal to a rebuild from their events, chains hold, 20 replays identical";
        output.WriteLine(summary);
        SecuritySummary.Record("torture", summary);
    }
}
