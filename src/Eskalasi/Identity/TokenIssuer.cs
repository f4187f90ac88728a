using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Eskalasi.Identity;

public sealed class JwtSettings
{
    public string Issuer { get; set; } = "eskalasi";
    public string Audience { get; set; } = "eskalasi";
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>Mints the bearer tokens of the demo sign-in (demo mode only), with the claims the service reads.</summary>
public sealed class TokenIssuer(JwtSettings settings, SecurityKey key)
{
    // Only for demo mode: a fixed key so tokens survive a restart of the demo service. Never used otherwise.
    internal const string DemoSigningKey = "eskalasi-demo-only-signing-key-not-for-production-use-0001";

    /// <summary>The demo tokens' key. Only demo mode registers the demo tokens at all (IdentityConfiguration).</summary>
    public static SecurityKey DemoKey() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(DemoSigningKey));

    public string Issue(Account account)
    {
        var claims = new List<Claim>
        {
            new(Claims.User, account.User),
            new(Claims.Region, account.Region),
            new(Claims.Role, account.Role),
        };
        if (account.Office is not null) claims.Add(new Claim(Claims.Office, account.Office));

        // Token lifetimes follow the real clock: JWT validation does too, whatever clock the domain runs on.
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.Add(settings.Lifetime),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
