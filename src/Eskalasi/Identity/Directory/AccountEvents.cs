using System.Security.Cryptography;
using System.Text;

namespace Eskalasi.Identity.Directory;

// The account directory's history (docs/security.md "Accounts"): who created which account with which role, who
// reset whose password, who deactivated whom, and when. Events never carry a password or its hash.

/// <summary>An account was created in the region with its one role (and office or OPD where the role has one).</summary>
public sealed record AccountCreated(string User, string Name, string Role, string? Office, Actor By, string? Email = null);

/// <summary>An account's password was set by an admin (a reset) or by the operator's command.</summary>
public sealed record AccountPasswordSet(string User, Actor By);

/// <summary>An account may no longer sign in; its session and tokens stop working within a minute.</summary>
public sealed record AccountDeactivated(string User, Actor By);

/// <summary>An admin let the account act for an office (Plt/Plh/Pj) from one date to another, both included, in the region's zone.</summary>
public sealed record AccountActingGranted(string User, string Office, DateOnly From, DateOnly To, Actor By);

/// <summary>A period in which an account acts for an office.</summary>
public sealed record ActingGrant(string Office, DateOnly From, DateOnly To, string GrantedBy, DateTimeOffset GrantedAt)
{
    public bool HoldsOn(DateOnly day) => From <= day && day <= To;
}

/// <summary>One account of a region's directory, as its events leave it (an inline snapshot of its stream).</summary>
public sealed class AccountRecord
{
    public Guid Id { get; set; }
    /// <summary>The full account name, <c>region/user</c>, as an event's <c>actor.user</c> carries it.</summary>
    public string User { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Office { get; set; }
    /// <summary>Lower-case; how an external provider may name the account instead of its full name.</summary>
    public string? Email { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? DeactivatedAt { get; set; }
    /// <summary>Periods in which the account acts for an office, oldest first.</summary>
    public List<ActingGrant> Acting { get; set; } = [];

    public static AccountRecord Create(JasperFx.Events.IEvent<AccountCreated> e) => new()
    {
        Id = e.StreamId,
        User = e.Data.User,
        Name = e.Data.Name,
        Role = e.Data.Role,
        Office = e.Data.Office,
        Email = e.Data.Email,
        CreatedAt = e.Timestamp,
        CreatedBy = e.Data.By.User,
    };

    public void Apply(JasperFx.Events.IEvent<AccountDeactivated> e)
    {
        Active = false;
        DeactivatedAt = e.Timestamp;
    }

    public void Apply(AccountPasswordSet _) { }

    public void Apply(JasperFx.Events.IEvent<AccountActingGranted> e) =>
        Acting.Add(new ActingGrant(e.Data.Office, e.Data.From, e.Data.To, e.Data.By.User, e.Timestamp));

    public Account ToAccount(string region) => new(User, region, Role, Office);

    /// <summary>The name without the region, as the region's admin writes it (<c>budi</c> of <c>kota-payakumbuh/budi</c>).</summary>
    public string LocalName => User[(User.IndexOf('/') + 1)..];
}

/// <summary>A password's hash and the sign-in guard of an account: state, not history, kept beside the stream.</summary>
public sealed class AccountCredential
{
    /// <summary>The full account name.</summary>
    public string Id { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

public static class AccountIds
{
    /// <summary>
    /// The stream of an account, derived from its full name: creating an account that exists starts a stream that
    /// exists, which Marten refuses — uniqueness without a look-up that a concurrent request could slip past.
    /// </summary>
    public static Guid For(string user)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("eskalasi-account:" + user));
        return new Guid(hash.AsSpan(0, 16));
    }

    public static string Full(string region, string user) => $"{region}/{user}";
}
