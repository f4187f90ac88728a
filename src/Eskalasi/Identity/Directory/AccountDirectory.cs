using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Identity;

namespace Eskalasi.Identity.Directory;

/// <summary>What an admin (or the operator's command) asks for when creating an account.</summary>
/// <summary>What an admin asks for to let an account act for an office: dates <c>yyyy-MM-dd</c>, both included.</summary>
public sealed record ActingRequest(string? Office, string? From, string? To);

public sealed record NewAccount(string? User, string? Name, string? Role, string? Office = null, string? Opd = null, string? Password = null, string? Email = null);

/// <summary>A created account or a reset password, with the password to hand over when the service chose it.</summary>
public sealed record AccountWithPassword(AccountRecord Account, string? TemporaryPassword);

public enum SignInOutcome { Succeeded, Failed, LockedOut }

public sealed record SignInAttempt(SignInOutcome Outcome, Account? Account = null, TimeSpan RetryAfter = default);

/// <summary>
/// A region's people (docs/security.md "Accounts"): one event stream per account, a snapshot of each, and a credential
/// document beside it. API, web screens and the operator's command all go through here, so the rules are stated once.
/// </summary>
public sealed partial class AccountDirectory(IDocumentStore store, RegionDirectory regions, RegionDatabases databases, TimeProvider clock,
    ILogger<AccountDirectory> logger)
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutFor = TimeSpan.FromMinutes(5);
    /// <summary>How long an account's state is trusted before it is read again: a deactivation bites within this time.</summary>
    public static readonly TimeSpan StatusKeptFor = TimeSpan.FromSeconds(30);

    private static readonly PasswordHasher<AccountCredential> Hasher = new();
    private readonly ConcurrentDictionary<string, (bool? Active, IReadOnlyList<ActingGrant> Acting, long ReadAt)> _status = new();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,39}$")]
    private static partial Regex UserName();

    public async Task<AccountRecord?> FindAsync(string region, string user, CancellationToken ct)
    {
        await using var session = store.QuerySession(region);
        return await session.LoadAsync<AccountRecord>(AccountIds.For(user), ct);
    }

    /// <summary>
    /// The account an external provider's subject names: by its full name (<c>region/user</c>) or, when the claim is an
    /// e-mail, by the one account of any region with that address. Only an active account is returned.
    /// </summary>
    public async Task<AccountRecord?> FindBySignInNameAsync(string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        name = name.Trim().ToLowerInvariant();
        if (name.Contains('/'))
        {
            var region = DemoAccounts.RegionOf(name);
            return await regions.FindAsync(region, ct) is null ? null : await FindAsync(region, name, ct) is { Active: true } found ? found : null;
        }
        if (!name.Contains('@')) return null;
        var matches = await databases.AcrossRegionsAsync(
            session => session.Query<AccountRecord>().Where(a => a.AnyTenant() && a.Email == name && a.Active).Take(2).ToListAsync(ct), ct);
        return matches.Count == 1 ? matches[0] : null;
    }

    public async Task<IReadOnlyList<AccountRecord>> ListAsync(string region, CancellationToken ct)
    {
        await using var session = store.QuerySession(region);
        var accounts = await session.Query<AccountRecord>().ToListAsync(ct);
        return accounts.OrderBy(a => a.User, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Whether an account of the directory may act: true when active, false when deactivated, null when the directory
    /// does not know it (a demo account, derived from the organisation). Read again after <see cref="StatusKeptFor"/>.
    /// </summary>
    public async Task<bool?> IsActiveAsync(string region, string user, CancellationToken ct) => (await StateAsync(region, user, ct)).Active;

    /// <summary>Whether the account may act (as <see cref="IsActiveAsync"/>) and the periods it acts for an office in.</summary>
    public async Task<(bool? Active, IReadOnlyList<ActingGrant> Acting)> StateAsync(string region, string user, CancellationToken ct)
    {
        var key = region + "|" + user;
        if (_status.TryGetValue(key, out var kept) && Environment.TickCount64 - kept.ReadAt < StatusKeptFor.TotalMilliseconds)
            return (kept.Active, kept.Acting);
        var account = await FindAsync(region, user, ct);
        var active = account is null ? (bool?)null : account.Active && account.User == user;
        IReadOnlyList<ActingGrant> acting = account?.Acting ?? [];
        _status[key] = (active, acting, Environment.TickCount64);
        return (active, acting);
    }

    /// <summary>
    /// docs/domain.md "Acting officials": the account acts for an office of the region (an Asisten office, the Sekda,
    /// the head) on the days given, both included, in the region's zone; one office at a time. Effective at once on
    /// this node, within <see cref="StatusKeptFor"/> on the others.
    /// </summary>
    public async Task<(AccountRecord? Account, Refusal? Refusal)> GrantActingAsync(string region, string user, ActingRequest request, Actor by,
        CancellationToken ct)
    {
        var (account, refused) = await ActiveAsync(region, user, ct);
        if (refused is not null) return (null, refused);
        var organisation = (await regions.FindAsync(region, ct))!;
        var errors = new FieldErrors();
        var office = organisation.FindOffice(request.Office);
        if (office is null) errors.Add("office", $"Harus kode kantor wilayah ini: {string.Join(", ", organisation.Offices.Select(o => o.Code))}.");
        var from = ParseDay("from", request.From, errors);
        var to = ParseDay("to", request.To, errors);
        if (from is { } f && to is { } t && t < f) errors.Add("to", "Tidak boleh sebelum tanggal mulai.");
        else if (to is { } end && end < organisation.Today(clock.GetUtcNow())) errors.Add("to", "Sudah lewat.");
        if (account.Role is Roles.Admin or Roles.Analyst)
            errors.Add("user", "Akun admin atau analis tidak dapat menjadi pelaksana tugas kantor.");
        if (errors.Any) return (null, errors.ToRefusal());
        if (account.Acting.FirstOrDefault(g => g.From <= to && from <= g.To) is { } overlapping)
            return (null, new Refusal(409, "acting-overlap",
                $"Akun ini sudah bertindak untuk {overlapping.Office} pada {overlapping.From:yyyy-MM-dd}–{overlapping.To:yyyy-MM-dd}; satu kantor dalam satu waktu."));

        await using var session = store.LightweightSession(region);
        session.Events.Append(account.Id, new AccountActingGranted(user, office!.Code, from!.Value, to!.Value, by));
        await session.SaveChangesAsync(ct);
        _status.TryRemove(region + "|" + user, out _);
        logger.LogInformation("Account {Account} acts for {Office} from {From} to {To}, granted by {By}", user, office.Code, from, to, by.User);
        return ((await FindAsync(region, user, ct))!, null);
    }

    private static DateOnly? ParseDay(string field, string? value, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) { errors.Add(field, "Wajib diisi."); return null; }
        if (Times.TryParseDay(value, out var day)) return day;
        errors.Add(field, "Harus tanggal YYYY-MM-DD.");
        return null;
    }

    public async Task<(AccountWithPassword? Created, Refusal? Refusal)> CreateAsync(string region, NewAccount request, Actor by, CancellationToken ct)
    {
        var organisation = await regions.FindAsync(region, ct);
        if (organisation is null) return (null, new Refusal(404, null, Problems.NoOrganisation));
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.User) || !UserName().IsMatch(request.User))
            errors.Add("user", "2–40 huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf atau angka.");
        errors.Required("name", request.Name, 120);
        var office = CheckRole(organisation, request, errors);
        var email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim().ToLowerInvariant();
        if (email is not null && (email.Length > 200 || !System.Net.Mail.MailAddress.TryCreate(email, out _)))
            errors.Add("email", "Bukan alamat surel yang sah.");
        if (request.Password is not null) CheckPassword("password", request.Password, request.User, errors);
        if (errors.Any) return (null, errors.ToRefusal());

        var user = AccountIds.Full(region, request.User!);
        var password = request.Password ?? NewPassword();
        await using var session = store.LightweightSession(region);
        session.Events.StartStream<AccountRecord>(AccountIds.For(user),
            new AccountCreated(user, request.Name!.Trim(), request.Role!, office, by, email),
            new AccountPasswordSet(user, by));
        session.Insert(new AccountCredential { Id = user, PasswordHash = Hasher.HashPassword(null!, password) });
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Concurrency.IsConflict(e))
        {
            return (null, new Refusal(409, "account-exists", $"Akun '{request.User}' sudah ada di wilayah ini."));
        }
        logger.LogInformation("Account {Account} created with role {Role} by {By}", user, request.Role, by.User);
        var created = (await FindAsync(region, user, ct))!;
        return (new AccountWithPassword(created, request.Password is null ? password : null), null);
    }

    public async Task<(AccountRecord? Account, Refusal? Refusal)> DeactivateAsync(string region, string user, Actor by, CancellationToken ct)
    {
        var (account, refused) = await ActiveAsync(region, user, ct);
        if (refused is not null) return (null, refused);
        if (account.User == by.User)
            return (null, new Refusal(422, "own-account", "Admin tidak dapat menonaktifkan akunnya sendiri; minta admin lain."));
        await using var session = store.LightweightSession(region);
        session.Events.Append(account.Id, new AccountDeactivated(user, by));
        await session.SaveChangesAsync(ct);
        _status.TryRemove(region + "|" + user, out _);
        logger.LogInformation("Account {Account} deactivated by {By}", user, by.User);
        return ((await FindAsync(region, user, ct))!, null);
    }

    public async Task<(AccountWithPassword? Reset, Refusal? Refusal)> ResetPasswordAsync(string region, string user, string? password, Actor by, CancellationToken ct)
    {
        var (account, refused) = await ActiveAsync(region, user, ct);
        if (refused is not null) return (null, refused);
        var errors = new FieldErrors();
        if (password is not null) CheckPassword("password", password, account.LocalName, errors);
        if (errors.Any) return (null, errors.ToRefusal());
        var chosen = password ?? NewPassword();
        await using var session = store.LightweightSession(region);
        session.Events.Append(account.Id, new AccountPasswordSet(user, by));
        session.Store(new AccountCredential { Id = user, PasswordHash = Hasher.HashPassword(null!, chosen) });
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Password of {Account} reset by {By}", user, by.User);
        return (new AccountWithPassword(account, password is null ? chosen : null), null);
    }

    /// <summary>An account an admin may act on: it exists in the region (else 404) and is active (else 409).</summary>
    private async Task<(AccountRecord Account, Refusal? Refused)> ActiveAsync(string region, string user, CancellationToken ct)
    {
        var account = await FindAsync(region, user, ct);
        if (account is null) return (null!, new Refusal(404, null, $"Akun '{user}' tidak ada di wilayah ini."));
        return account.Active ? (account, null) : (account, new Refusal(409, "account-inactive", "Akun ini sudah dinonaktifkan."));
    }

    /// <summary>
    /// A password sign-in of <c>region/user</c>. Unknown, inactive and wrong all answer "failed" alike; after
    /// <see cref="MaxFailedAttempts"/> failures in a row the account is locked for <see cref="LockoutFor"/>.
    /// </summary>
    public async Task<SignInAttempt> SignInAsync(string? user, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(user) || string.IsNullOrEmpty(password) || !user.Contains('/') || user.Length > 200
            || Infrastructure.InputGuard.HasControl(user)) return new(SignInOutcome.Failed); // a NUL would reach PostgreSQL
        user = user.Trim().ToLowerInvariant();
        var region = DemoAccounts.RegionOf(user);
        if (await regions.FindAsync(region, ct) is null) return new(SignInOutcome.Failed);

        await using var session = store.LightweightSession(region);
        var credential = await session.LoadAsync<AccountCredential>(user, ct);
        var account = await session.LoadAsync<AccountRecord>(AccountIds.For(user), ct);
        if (credential is null || account is null) return new(SignInOutcome.Failed);

        var now = clock.GetUtcNow();
        if (credential.LockedUntil is { } until && until > now)
            return new(SignInOutcome.LockedOut, RetryAfter: until - now);

        var verified = Hasher.VerifyHashedPassword(credential, credential.PasswordHash, password);
        if (verified == PasswordVerificationResult.Failed || !account.Active)
        {
            credential.FailedAttempts++;
            if (credential.FailedAttempts >= MaxFailedAttempts)
            {
                credential.FailedAttempts = 0;
                credential.LockedUntil = now + LockoutFor;
                logger.LogWarning("Account {Account} locked for {Minutes} minutes after {Attempts} failed sign-ins",
                    user, LockoutFor.TotalMinutes, MaxFailedAttempts);
            }
            session.Store(credential);
            await session.SaveChangesAsync(ct);
            return credential.LockedUntil is { } locked && locked > now
                ? new(SignInOutcome.LockedOut, RetryAfter: locked - now)
                : new(SignInOutcome.Failed);
        }

        if (credential.FailedAttempts > 0 || credential.LockedUntil is not null || verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            credential.FailedAttempts = 0;
            credential.LockedUntil = null;
            if (verified == PasswordVerificationResult.SuccessRehashNeeded) credential.PasswordHash = Hasher.HashPassword(credential, password);
            session.Store(credential);
            await session.SaveChangesAsync(ct);
        }
        return new(SignInOutcome.Succeeded, account.ToAccount(region));
    }

    /// <summary>Every change to the region's accounts, newest first: the admins' audit trail.</summary>
    public async Task<IReadOnlyList<AccountChange>> ChangesAsync(string region, CancellationToken ct)
    {
        await using var session = store.QuerySession(region);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypesAre(typeof(AccountCreated), typeof(AccountPasswordSet), typeof(AccountDeactivated), typeof(AccountActingGranted)))
            .OrderByDescending(e => e.Sequence)
            .Take(1000)
            .ToListAsync(ct);
        return events.Select(e => e.Data switch
        {
            AccountCreated c => new AccountChange(e.Timestamp, "created", c.User, c.By.User, c.Role, c.Office),
            AccountPasswordSet p => new AccountChange(e.Timestamp, "password-set", p.User, p.By.User, null, null),
            AccountDeactivated d => new AccountChange(e.Timestamp, "deactivated", d.User, d.By.User, null, null),
            AccountActingGranted a => new AccountChange(e.Timestamp, "acting", a.User, a.By.User, null, a.Office, a.From, a.To),
            _ => throw new InvalidOperationException("Unexpected account event " + e.EventTypeName),
        }).ToList();
    }

    /// <summary>The office or OPD code the role requires (asisten/sekda/bupati an office of that kind, opd-officer an OPD).</summary>
    private static string? CheckRole(RegionOrganisation organisation, NewAccount request, FieldErrors errors)
    {
        switch (request.Role)
        {
            case Roles.OpdOfficer:
                if (organisation.FindOpd(request.Opd) is null) errors.Add("opd", "Petugas OPD memerlukan kode OPD wilayah ini.");
                return request.Opd;
            case Roles.Asisten or Roles.Sekda or Roles.Bupati:
                var kind = request.Role switch { Roles.Asisten => OfficeKinds.Asisten, Roles.Sekda => OfficeKinds.Sekda, _ => OfficeKinds.Head };
                if (organisation.FindOffice(request.Office) is not { } office || office.Kind != kind)
                    errors.Add("office", $"Peran '{request.Role}' memerlukan kode kantor jenis '{kind}' wilayah ini.");
                return request.Office;
            case Roles.Analyst or Roles.Admin:
                return null;
            default:
                errors.Add("role", "Salah satu dari: opd-officer, asisten, sekda, bupati, analyst, admin.");
                return null;
        }
    }

    /// <summary>The password policy: at least 10 characters, a letter and a digit, and not the account's name.</summary>
    public static void CheckPassword(string field, string password, string? user, FieldErrors errors)
    {
        if (password.Length < 10) errors.Add(field, "Kata sandi paling sedikit 10 karakter.");
        else if (password.Length > 200) errors.Add(field, "Kata sandi paling banyak 200 karakter.");
        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit)) errors.Add(field, "Kata sandi memuat huruf dan angka.");
        if (!string.IsNullOrEmpty(user) && password.Contains(user, StringComparison.OrdinalIgnoreCase))
            errors.Add(field, "Kata sandi tidak boleh memuat nama akun.");
    }

    /// <summary>A temporary password the admin hands over: 16 characters from an alphabet without look-alikes, with a digit.</summary>
    public static string NewPassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ";
        const string digits = "23456789";
        var chars = Enumerable.Range(0, 14).Select(_ => letters[RandomNumberGenerator.GetInt32(letters.Length)]).ToList();
        chars.Insert(RandomNumberGenerator.GetInt32(chars.Count), digits[RandomNumberGenerator.GetInt32(digits.Length)]);
        chars.Insert(RandomNumberGenerator.GetInt32(chars.Count), digits[RandomNumberGenerator.GetInt32(digits.Length)]);
        return new string(chars.ToArray());
    }
}

/// <summary>One line of the accounts' audit trail.</summary>
public sealed record AccountChange(DateTimeOffset At, string Change, string User, string By, string? Role, string? Office,
    DateOnly? From = null, DateOnly? To = null);
