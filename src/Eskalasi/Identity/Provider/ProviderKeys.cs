using System.Security.Cryptography;
using Marten;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Eskalasi.Identity.Provider;

/// <summary>
/// The built-in provider's keys: an RSA key that signs its tokens and an AES key that encrypts its authorization codes. Made once, at the first start on a database, and kept there, so tokens outlive a restart and every node of
/// one database signs alike. Whoever can read the database can read them: protect its dumps as the keys they hold.
/// </summary>
public sealed class ProviderKeyDocument
{
    public const string Key = "provider-keys";
    public string Id { get; set; } = Key;
    public string SigningKeyPem { get; set; } = "";
    public string EncryptionKey { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Gives OpenIddict the keys from the database (made there on first use; a concurrent first start loses to the other).
/// They are read while the host starts (<see cref="StartAsync"/>), so building OpenIddict's options — once, at the first
/// request, and never again if it fails — does not touch the database: a first request during a database outage must
/// not leave every later request failing after the database is back.
/// </summary>
public sealed class ProviderKeys(Infrastructure.IDeploymentStore store, TimeProvider clock) : IConfigureOptions<OpenIddictServerOptions>, IHostedService
{
    private ProviderKeyDocument? _keys;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _keys = LoadOrCreate();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Configure(OpenIddictServerOptions options)
    {
        var keys = _keys ??= LoadOrCreate();
        var rsa = RSA.Create();
        rsa.ImportFromPem(keys.SigningKeyPem);
        var signing = new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 12).ToArray()) };
        options.SigningCredentials.Add(new SigningCredentials(signing, SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            new SymmetricSecurityKey(Convert.FromBase64String(keys.EncryptionKey)), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private ProviderKeyDocument LoadOrCreate()
    {
        using (var query = store.QuerySession())
        {
            if (query.LoadAsync<ProviderKeyDocument>(ProviderKeyDocument.Key).GetAwaiter().GetResult() is { } found) return found;
        }
        using var rsa = RSA.Create(2048);
        var made = new ProviderKeyDocument
        {
            SigningKeyPem = rsa.ExportPkcs8PrivateKeyPem(),
            EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            CreatedAt = clock.GetUtcNow(),
        };
        using var session = store.LightweightSession();
        session.Insert(made);
        try
        {
            session.SaveChangesAsync().GetAwaiter().GetResult();
            return made;
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            using var query = store.QuerySession();
            return query.LoadAsync<ProviderKeyDocument>(ProviderKeyDocument.Key).GetAwaiter().GetResult()!;
        }
    }
}
