using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Eskalasi.Infrastructure;
using Eskalasi.Issues.Evidence;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Evidence;

/// <summary>
/// docs/domain.md "Evidence" through HTTP with real files: JPEG, PNG and PDF attach to an issue (type read from the
/// bytes, a renamed program refused), a photo's GPS position is taken out unless kept, the bytes come back to whoever
/// may see the issue and to nobody else, and a refused upload writes nothing.
/// </summary>
[Collection(AppCollection.Name)]
public class photos_and_documents_as_evidence(AppFixture app) : InARegion(app)
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.FindRoot()!, "tests", "Eskalasi.Tests", "Evidence");
    private static byte[] Photo => File.ReadAllBytes(Path.Combine(Folder, "pipa.jpg"));
    private static byte[] Plan => File.ReadAllBytes(Path.Combine(Folder, "denah.png"));
    private static readonly byte[] Letter = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    /// <summary>The photo with an EXIF block placing it at 0°13'34.68" S, 100°37'48.36" E (Payakumbuh), as a phone writes it.</summary>
    public static byte[] PhotoWithPosition()
    {
        var tiff = new byte[128];
        void U16(int at, int v) { tiff[at] = (byte)v; tiff[at + 1] = (byte)(v >> 8); }
        void U32(int at, long v) { for (var i = 0; i < 4; i++) tiff[at + i] = (byte)(v >> (8 * i)); }
        void Entry(int at, int tag, int type, int count, long value) { U16(at, tag); U16(at + 2, type); U32(at + 4, count); U32(at + 8, value); }
        tiff[0] = (byte)'I'; tiff[1] = (byte)'I'; U16(2, 42); U32(4, 8);
        U16(8, 1); Entry(10, 0x8825, 4, 1, 26); U32(22, 0);                       // IFD0: the GPS directory's place
        U16(26, 4);
        Entry(28, 1, 2, 2, 'S'); Entry(40, 2, 5, 3, 80); Entry(52, 3, 2, 2, 'E'); Entry(64, 4, 5, 3, 104);
        U32(76, 0);
        long[] latitude = [0, 1, 13, 1, 3468, 100], longitude = [100, 1, 37, 1, 4836, 100];
        for (var i = 0; i < 6; i++) { U32(80 + i * 4, latitude[i]); U32(104 + i * 4, longitude[i]); }
        var app1 = new List<byte> { 0xFF, 0xE1, 0, (byte)(2 + 6 + tiff.Length) };
        app1.AddRange("Exif\0\0"u8.ToArray());
        app1.AddRange(tiff);
        var photo = Photo;
        return [.. photo[..2], .. app1, .. photo[2..]];
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Upload(string account, Guid issue, byte[]? bytes, string name = "foto.jpg",
        string contentType = "image/jpeg", bool keepLocation = false)
    {
        using var client = Region.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Region.Token(account));
        using var form = new MultipartFormDataContent();
        if (bytes is not null)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(file, "file", name);
        }
        if (keepLocation) form.Add(new StringContent("true"), "keepLocation");
        var response = await client.PostAsync($"/api/issues/{issue}/attachments", form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<(HttpStatusCode Status, byte[] Bytes, string? Type)> Download(string account, Guid issue, Guid attachment)
    {
        using var client = Region.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Region.Token(account));
        var response = await client.GetAsync($"/api/issues/{issue}/attachments/{attachment}");
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<Guid> AnIssue() => (await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam"))).Id;

    [Fact]
    public async Task a_photo_a_plan_and_a_letter_are_attached_and_come_back_byte_for_byte()
    {
        var issue = await AnIssue();
        foreach (var (bytes, name, type) in new[] { (Photo, "pipa.jpg", "image/jpeg"), (Plan, "denah.png", "image/png"), (Letter, "surat.pdf", "application/pdf") })
        {
            var (status, body) = await Upload("opd/dinas-pupr", issue, bytes, name, "application/octet-stream");
            status.ShouldBe(HttpStatusCode.Created, body.ToString());
            body.GetProperty("contentType").GetString().ShouldBe(type, "read from the bytes, not from what the client claimed");
            body.GetProperty("name").GetString().ShouldBe(name);
            body.GetProperty("size").GetInt64().ShouldBe(bytes.Length);
            body.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));

            var (got, content, served) = await Download("opd/pdam", issue, body.GetProperty("id").GetGuid()); // a related OPD sees the issue
            got.ShouldBe(HttpStatusCode.OK);
            content.ShouldBe(bytes);
            served.ShouldBe(type);
        }
        var view = await Region.Issue(issue);
        view.Attachments.Select(a => a.Name).ShouldBe(["pipa.jpg", "denah.png", "surat.pdf"]);
        view.Attachments.ShouldAllBe(a => a.By.User.EndsWith("/opd/dinas-pupr"));
    }

    [Fact]
    public async Task a_photos_position_is_taken_out_unless_the_officer_keeps_it()
    {
        var issue = await AnIssue();
        var located = PhotoWithPosition();
        EvidenceFiles.TakeOutLocation(located).Position.ShouldNotBeNull("the fixture carries a position");

        var (status, body) = await Upload("opd/dinas-pupr", issue, located);
        status.ShouldBe(HttpStatusCode.Created);
        body.TryGetProperty("lat", out _).ShouldBeFalse();
        var (_, stored, _) = await Download("opd/dinas-pupr", issue, body.GetProperty("id").GetGuid());
        EvidenceFiles.TakeOutLocation(stored).Position.ShouldBeNull("no position left in the stored photo");
        stored.Length.ShouldBe(located.Length, "only the position's values are blanked; the photo stays whole");
        body.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(stored)));

        (status, body) = await Upload("opd/dinas-pupr", issue, located, keepLocation: true);
        status.ShouldBe(HttpStatusCode.Created);
        body.GetProperty("lat").GetDouble().ShouldBe(-0.2263, 0.0001);
        body.GetProperty("lon").GetDouble().ShouldBe(100.6301, 0.0001);
        (await Download("opd/dinas-pupr", issue, body.GetProperty("id").GetGuid())).Bytes.ShouldBe(located);
        (await Region.Issue(issue)).Attachments[^1].Lat!.Value.ShouldBe(-0.2263, 0.0001);
    }

    [Fact]
    public async Task a_renamed_program_an_oversized_file_and_uploads_by_the_wrong_people_are_refused_and_write_nothing()
    {
        var issue = await AnIssue();
        var before = await Region.EventCount();
        var program = new byte[4096];
        "MZ"u8.CopyTo(program);
        var (status, body) = await Upload("opd/dinas-pupr", issue, program, "foto.jpg", "image/jpeg");
        status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (body.TryGetProperty("rule", out var rule) ? rule.GetString() : body.ToString()).ShouldBe("file-type");

        var big = new byte[EvidenceFiles.MaxBytes + 1];
        Photo.CopyTo(big, 0);
        (await Upload("opd/dinas-pupr", issue, big)).Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Upload("opd/dinas-pupr", issue, new byte[EvidenceFiles.MaxBytes + 512 * 1024])).Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        (status, body) = await Upload("opd/dinas-pupr", issue, null);
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").TryGetProperty("file", out _).ShouldBeTrue();
        (await Upload("analyst", issue, Photo)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await Upload("opd/dinas-sosial", issue, Photo)).Status.ShouldBe(HttpStatusCode.NotFound, "an OPD that may not see the issue");
        (await Region.EventCount()).ShouldBe(before);
        (await Region.Issue(issue)).Attachments.ShouldBeEmpty();
    }

    [Fact]
    public async Task only_those_who_may_see_the_issue_get_the_file_and_only_through_its_own_issue()
    {
        var issue = await AnIssue();
        var other = await AnIssue();
        var id = (await Upload("opd/dinas-pupr", issue, Photo)).Body.GetProperty("id").GetGuid();

        (await Download("opd/dinas-sosial", issue, id)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Download("opd/dinas-pupr", other, id)).Status.ShouldBe(HttpStatusCode.NotFound, "an attachment is fetched through its own issue");
        (await Download("opd/dinas-pupr", issue, Guid.NewGuid())).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Download("analyst", issue, id)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_progress_report_names_its_evidence()
    {
        var issue = await AnIssue();
        await Region.Move("opd/dinas-pupr", issue, "escalate", new { justification = "Butuh koordinasi." });
        var followUp = (await (await Region.Post("asisten-2", $"/api/issues/{issue}/follow-ups",
            new { ownerOpd = "pdam", description = "Ganti pipa.", dueDate = Region.DueDate(14) }, 201)).ReadJson()).GetProperty("id").GetGuid();
        var photo = (await Upload("opd/pdam", issue, Photo, "pipa-baru.jpg")).Body.GetProperty("id").GetGuid();

        await Region.Post("opd/pdam", $"/api/issues/{issue}/follow-ups/{followUp}/progress",
            new { percent = 80, note = "Pipa baru terpasang, lihat foto.", attachmentIds = new[] { photo } }, 200);
        (await Region.Issue(issue)).FollowUps.Single().Progress.Single().AttachmentIds.ShouldBe([photo]);
    }
}
