using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Identity;

public sealed record TokenRequest(string? User);

public sealed record TokenResponse(string AccessToken);

/// <summary>
/// Demo sign-in (docs/api.md): a token for any demo account. Exists only in demo mode;
/// outside it both endpoints answer 404 as if they were not there.
/// </summary>
public static class DevSignInEndpoints
{
    [AllowAnonymous]
    [WolverinePost("/api/dev/token")]
    public static async Task<IResult> Token(TokenRequest request, IConfiguration configuration, RegionDirectory regions,
        TokenIssuer issuer, CancellationToken ct)
    {
        if (!configuration.GetValue<bool>("Eskalasi:DemoMode")) return Problems.NotFound("Tidak ada di luar mode demo.");
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

    [AllowAnonymous]
    [WolverineGet("/api/dev/users")]
    public static async Task<IResult> Users(IConfiguration configuration, IDocumentStore store, CancellationToken ct)
    {
        if (!configuration.GetValue<bool>("Eskalasi:DemoMode")) return Problems.NotFound("Tidak ada di luar mode demo.");
        return Results.Ok((await AllRegionsAsync(store, ct)).SelectMany(DemoAccounts.For).ToList());
    }

    /// <summary>Every region's organisation, in code order (the demo accounts are derived from them).</summary>
    public static async Task<IReadOnlyList<RegionOrganisation>> AllRegionsAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var regions = await session.Query<RegionOrganisation>().Where(r => r.AnyTenant()).ToListAsync(ct);
        return regions.OrderBy(r => r.Id).ToList();
    }
}
