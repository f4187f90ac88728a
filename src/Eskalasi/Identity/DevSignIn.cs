using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Marten;

namespace Eskalasi.Identity;

public sealed record TokenRequest(string? User);

public sealed record TokenResponse(string AccessToken);

/// <summary>
/// Demo sign-in (docs/api.md): a token for any demo account. Mapped only in demo mode: outside it the addresses do not
/// exist (404) and the OpenAPI document does not list them.
/// </summary>
public static class DevSignInEndpoints
{
    public static void MapDemoSignIn(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Eskalasi:DemoMode")) return;
        var demo = app.MapGroup("/api/dev").AllowAnonymous().WithTags("Demo");
        demo.MapPost("/token", Token);
        demo.MapGet("/users", Users);
    }

    public static async Task<IResult> Token(TokenRequest request, RegionDirectory regions, TokenIssuer issuer, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.User))
            return Problems.ToResult(Problems.BadQuery("user", "Wajib diisi, mis. \"kota-payakumbuh/asisten-2\"."));

        var region = DemoAccounts.RegionOf(request.User);
        var organisation = await regions.FindAsync(region, ct);
        var account = organisation is null
            ? null
            : DemoAccounts.For(organisation).FirstOrDefault(a => a.User == request.User);
        return account is null
            ? Problems.NotFound($"Akun demo '{request.User}' tidak dikenal. Lihat GET /api/dev/users.")
            : Results.Ok(new TokenResponse(issuer.Issue(account)));
    }

    public static async Task<IResult> Users(RegionDatabases databases, CancellationToken ct) =>
        Results.Ok((await AllRegionsAsync(databases, ct)).SelectMany(DemoAccounts.For).ToList());

    /// <summary>Every region's organisation, in code order (the demo accounts are derived from them).</summary>
    public static async Task<IReadOnlyList<RegionOrganisation>> AllRegionsAsync(RegionDatabases databases, CancellationToken ct)
    {
        var regions = await databases.AcrossRegionsAsync(session => session.Query<RegionOrganisation>().Where(r => r.AnyTenant()).ToListAsync(ct), ct);
        return regions.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }
}
