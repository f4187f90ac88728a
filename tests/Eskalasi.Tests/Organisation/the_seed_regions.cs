using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Eskalasi.Tests.Support;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.Organisation;

[Collection(AppCollection.Name)]
public sealed class the_seed_regions(AppFixture app)
{
    public static TheoryData<string> Regions =>
        new(["kab-bangka-tengah", "kota-payakumbuh", "kab-banyuwangi", "kab-buleleng", "kab-lampung-tengah"]);

    private Task<OrganisationResponse> Organisation(string region) =>
        ReadOrganisation(app.TokenFor(new Account($"{region}/analyst", region, Roles.Analyst, null)));

    private async Task<OrganisationResponse> ReadOrganisation(string token)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/org");
            s.WithBearer(token);
        });
        return (await result.ReadAsJsonAsync<OrganisationResponse>())!;
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public async Task each_is_loaded_with_its_chain_and_opds(string code)
    {
        var org = await Organisation(code);
        org.Code.ShouldBe(code);
        org.Offices.Count(o => o.Kind == OfficeKinds.Sekda && o.Code == "sekda").ShouldBe(1);
        org.Offices.Count(o => o.Kind == OfficeKinds.Head && o.Code == "head").ShouldBe(1);
        org.Offices.Count(o => o.Kind == OfficeKinds.Asisten).ShouldBeGreaterThanOrEqualTo(3);
        org.Opds.Count.ShouldBeInRange(12, 25);
        var coordinators = org.Offices.Where(o => o.Kind is OfficeKinds.Asisten or OfficeKinds.Sekda).Select(o => o.Code).ToList();
        org.Opds.ShouldAllBe(o => coordinators.Contains(o.Coordinator));
        org.Categories.ShouldNotBeEmpty();
        org.DwellTargets.ShouldBe(new DwellTargets(Opd: 7, Asisten: 14, Sekda: 7, Bupati: 7, Darurat: 1, Unit: "working-days"));
        org.HeadTitle.ShouldBe(code.StartsWith("kota-") ? "Wali Kota" : "Bupati");
    }

    [Fact]
    public async Task buleleng_keeps_central_indonesian_time()
    {
        var org = await Organisation("kab-buleleng");
        org.TimeZone.ShouldBe("Asia/Makassar");
        org.TimeZoneLabel.ShouldBe("WITA");
        org.Opds.Select(o => o.Code).ShouldContain("bpbd");
        org.Opds.Select(o => o.Code).ShouldContain("damkar");
        org.Opds.Select(o => o.Code).ShouldContain("dinas-kesehatan");
        org.Opds.Select(o => o.Code).ShouldContain("mpp");
    }

    [Fact]
    public async Task payakumbuh_has_pdam_as_a_bumd_partner_under_asisten_2()
    {
        var org = await Organisation("kota-payakumbuh");
        org.TimeZoneLabel.ShouldBe("WIB");
        org.NumberPrefix.ShouldBe("PYK");
        var pdam = org.Opds.Single(o => o.Code == "pdam");
        pdam.Kind.ShouldBe("bumd-partner");
        pdam.Coordinator.ShouldBe("asisten-2");
        org.Offices.Single(o => o.Code == "asisten-2").HolderName.ShouldBe("Elzadaswarman");
    }

    [Fact]
    public async Task lampung_tengah_has_bangunrejo_and_its_neighbours()
    {
        var org = await Organisation("kab-lampung-tengah");
        org.Opds.Where(o => o.Kind == "kecamatan").Select(o => o.Code)
            .ShouldBe(["kecamatan-bangunrejo", "kecamatan-kalirejo", "kecamatan-sendang-agung", "kecamatan-padang-ratu"], ignoreOrder: true);
    }

    [Fact]
    public async Task a_region_only_ever_sees_its_own_organisation()
    {
        var region = await app.NewRegionAsync("kab-buleleng");
        (await ReadOrganisation(region.Token("opd/bpbd"))).Code.ShouldBe(region.Code);
    }

    [Fact]
    public async Task loading_the_seeds_twice_changes_nothing()
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var seeder = app.Host.Services.GetRequiredService<OrganisationSeeder>();
        var seeds = OrganisationSeeder.ReadSeeds(RepositoryPaths.SeedsDirectory(
            app.Host.Services.GetRequiredService<IConfiguration>(), AppContext.BaseDirectory));
        seeds.Count.ShouldBe(5);

        var codes = seeds.Select(s => s.Id).ToArray();
        async Task<int> CountRegions()
        {
            await using var session = store.QuerySession();
            return await session.Query<RegionOrganisation>()
                .Where(r => r.AnyTenant() && codes.Contains(r.Id)).CountAsync();
        }

        (await CountRegions()).ShouldBe(5);
        foreach (var region in seeds) (await seeder.LoadAsync(region)).ShouldBeFalse();
        (await CountRegions()).ShouldBe(5);
    }

    [Fact]
    public void a_seed_file_with_an_opd_coordinated_by_no_one_is_rejected()
    {
        var region = new RegionOrganisation("r", "R", "kabupaten", "Asia/Jakarta", "R",
            [new Office("sekda", "S", "sekda"), new Office("head", "B", "head"), new Office("asisten-1", "A", "asisten")],
            [new Opd("dinas-x", "X", "dinas", "asisten-9")], ["infrastruktur"], new DwellTargets());
        OrganisationSeeder.Validate(region).ShouldContain(p => p.Contains("dinas-x"));
    }

    [Fact]
    public async Task loading_a_seed_again_does_not_overwrite_what_the_region_changed_since()
    {
        var region = await app.NewRegionAsync("kab-buleleng");
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession(region.Code))
        {
            session.Store(region.Organisation with { Name = "Kabupaten Buleleng (diubah admin)" });
            await session.SaveChangesAsync();
        }

        (await app.Host.Services.GetRequiredService<OrganisationSeeder>().LoadAsync(region.Organisation)).ShouldBeFalse();

        await using var query = store.QuerySession(region.Code);
        (await query.LoadAsync<RegionOrganisation>(region.Code))!.Name.ShouldBe("Kabupaten Buleleng (diubah admin)");
    }

    [Theory]
    [InlineData("sekda", "setda", "'sekda'")]
    [InlineData("head", "bupati", "'head'")]
    public void a_seed_file_without_the_office_codes_the_rules_rely_on_is_refused_with_a_clear_message(string kind, string code, string named)
    {
        var offices = new List<Office> { new("sekda", "Sekretaris Daerah", "sekda"), new("head", "Bupati", "head"), new("asisten-1", "A", "asisten") };
        offices[offices.FindIndex(o => o.Kind == kind)] = new Office(code, "Kantor", kind);
        var seed = new
        {
            code = "kab-x", name = "Kabupaten X", kind = "kabupaten", timeZone = "Asia/Jakarta", numberPrefix = "KX",
            offices, opds = new[] { new Opd("dinas-x", "X", "dinas", "asisten-1") }, categories = new[] { "infrastruktur" },
        };
        var file = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, System.Text.Json.JsonSerializer.Serialize(seed, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        try
        {
            var refused = Should.Throw<InvalidDataException>(() => OrganisationSeeder.ReadSeed(file));
            refused.Message.ShouldContain(file);
            refused.Message.ShouldContain($"the {kind} office must have the code {named}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
