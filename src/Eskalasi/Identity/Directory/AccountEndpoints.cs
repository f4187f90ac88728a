using Eskalasi.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Eskalasi.Identity.Directory;

/// <summary>An account as the region's admin sees it; <c>temporaryPassword</c> only once, when the service chose it.</summary>
public sealed record AccountResponse(
    string User, string Account, string Name, string Role, string? Office, string? Email, bool Active,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? DeactivatedAt, string? TemporaryPassword = null)
{
    /// <summary>Periods in which the account acts for an office (Plt/Plh/Pj).</summary>
    public IReadOnlyList<ActingGrant> Acting { get; init; } = [];

    public static AccountResponse Of(AccountRecord a, string? temporaryPassword = null) =>
        new(a.LocalName, a.User, a.Name, a.Role, a.Office, a.Email, a.Active, a.CreatedAt, a.CreatedBy, a.DeactivatedAt, temporaryPassword)
        {
            Acting = a.Acting,
        };
}

public sealed record PasswordResetRequest(string? Password);

/// <summary>The accounts directory of the caller's region (docs/api.md "Accounts"): the region's admin manages it.</summary>
public static class AccountEndpoints
{
    [Authorize(Roles = Roles.Admin)]
    [WolverineGet("/api/accounts")]
    public static async Task<IResult> List(IQuerySession session, AccountDirectory directory, CancellationToken ct) =>
        Results.Ok((await directory.ListAsync(session.TenantId, ct)).Select(a => AccountResponse.Of(a)).ToList());

    [Authorize(Roles = Roles.Admin)]
    [WolverinePost("/api/accounts")]
    public static async Task<IResult> Create(NewAccount request, IQuerySession session, HttpContext http, AccountDirectory directory, CancellationToken ct)
    {
        var (created, refusal) = await directory.CreateAsync(session.TenantId, request, http.User.ToActor(), ct);
        if (refusal is not null) return refusal.ToResult();
        return Results.Created($"/api/accounts/{created!.Account.LocalName}", AccountResponse.Of(created.Account, created.TemporaryPassword));
    }

    [Authorize(Roles = Roles.Admin)]
    [WolverinePost("/api/accounts/{user}/deactivate")]
    public static async Task<IResult> Deactivate(string user, IQuerySession session, HttpContext http, AccountDirectory directory, CancellationToken ct)
    {
        var (account, refusal) = await directory.DeactivateAsync(session.TenantId, AccountIds.Full(session.TenantId, user), http.User.ToActor(), ct);
        return refusal?.ToResult() ?? Results.Ok(AccountResponse.Of(account!));
    }

    [Authorize(Roles = Roles.Admin)]
    [WolverinePost("/api/accounts/{user}/password-reset")]
    public static async Task<IResult> ResetPassword(string user, PasswordResetRequest? request, IQuerySession session, HttpContext http,
        AccountDirectory directory, CancellationToken ct)
    {
        var (reset, refusal) = await directory.ResetPasswordAsync(session.TenantId, AccountIds.Full(session.TenantId, user),
            request?.Password, http.User.ToActor(), ct);
        return refusal?.ToResult() ?? Results.Ok(AccountResponse.Of(reset!.Account, reset.TemporaryPassword));
    }

    /// <summary>docs/domain.md "Acting officials": the account acts for an office on the days given (201 with the account).</summary>
    [Authorize(Roles = Roles.Admin)]
    [WolverinePost("/api/accounts/{user}/acting")]
    public static async Task<IResult> Acting(string user, ActingRequest request, IQuerySession session, HttpContext http,
        AccountDirectory directory, CancellationToken ct)
    {
        var (account, refusal) = await directory.GrantActingAsync(session.TenantId, AccountIds.Full(session.TenantId, user), request,
            http.User.ToActor(), ct);
        return refusal?.ToResult() ?? Results.Created($"/api/accounts/{user}", AccountResponse.Of(account!));
    }

    /// <summary>The admins' audit trail: every account change, newest first; the Sekda may read it too.</summary>
    [Authorize(Roles = $"{Roles.Admin},{Roles.Sekda}")]
    [WolverineGet("/api/accounts/changes")]
    public static async Task<IResult> Changes(IQuerySession session, AccountDirectory directory, CancellationToken ct) =>
        Results.Ok(await directory.ChangesAsync(session.TenantId, ct));
}
