using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Eskalasi.Meetings;
using MudBlazor.Services;
using Eskalasi.Web.Live;

namespace Eskalasi.Web;

/// <summary>
/// The web application: Blazor components in this host, over the same in-process core as the API (every move goes
/// through the same Wolverine handlers). MudBlazor is served from the package; nothing is loaded from another host.
/// </summary>
public static class WebConfiguration
{
    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, AccountRevalidation>();
        builder.Services.AddMudServices();
        builder.Services.AddLiveUpdates();
        var demoMode = builder.Configuration.GetValue<bool>("Eskalasi:DemoMode");
        builder.Services.AddAuthentication().AddCookie(WebSession.Scheme, o =>
        {
            // Demo mode starts at the picker; otherwise straight to the provider's sign-in (OpenID Connect).
            o.LoginPath = demoMode ? "/masuk" : "/masuk/oidc";
            o.LogoutPath = "/keluar";
            o.Cookie.Name = "eskalasi";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // A page of another role answers 403, as the API does, rather than sending the user elsewhere.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Tidak berwenang — Eskalasi</title></head>" +
                    "<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>Tidak berwenang</h1>" +
                    "<p>Halaman ini bukan untuk peran Anda.</p><p><a href=\"/\">Kembali ke beranda</a></p></body></html>");
            };
        });
        return builder;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        // The notulen as a printable page of its own (the same document the API gives with Accept: text/html).
        app.MapGet("/rapat/{id:guid}/notulen", async (Guid id, HttpContext http, Marten.IDocumentStore store, Organisation.RegionDirectory regions) =>
        {
            var (actor, region) = WebSession.Caller(http.User);
            await using var session = store.QuerySession(region);
            var meeting = await session.LoadAsync<Meetings.Meeting>(id, http.RequestAborted);
            var organisation = await regions.FindAsync(region, http.RequestAborted);
            if (meeting is null || organisation is null || !Meetings.MeetingAccess.CanSee(actor, meeting))
                return Results.Content("<!DOCTYPE html><html lang=\"id\"><body><h1>Tidak ditemukan</h1></body></html>", "text/html; charset=utf-8",
                    statusCode: StatusCodes.Status404NotFound);
            var minutes = Meetings.Minutes.GetMinutesEndpoint.Build(await session.AsSeenByAsync(actor, meeting, http.RequestAborted), organisation);
            return Results.Content(Meetings.Minutes.GetMinutesEndpoint.Html(minutes, organisation), "text/html; charset=utf-8");
        }).RequireAuthorization();
        // Evidence for the pages (thumbnails, links): the same answer as the API's, signed in by the session cookie.
        app.MapGet("/lampiran/{id:guid}/{attachmentId:guid}", async (Guid id, Guid attachmentId, HttpContext http, Marten.IDocumentStore store) =>
        {
            await using var session = store.QuerySession(WebSession.Caller(http.User).Region);
            return await Issues.Evidence.Attachments.ServeAsync(id, attachmentId, http.User, session, http, http.RequestAborted);
        }).RequireAuthorization();
        app.MapGet("/bahan/{id:guid}/{attachmentId:guid}", async (Guid id, Guid attachmentId, HttpContext http, Marten.IDocumentStore store) =>
        {
            await using var session = store.QuerySession(WebSession.Caller(http.User).Region);
            return await Meetings.Materials.AddMaterialEndpoint.ServeAsync(id, attachmentId, http.User, session, http, http.RequestAborted);
        }).RequireAuthorization();
        app.MapAnalyticsCsv();
        // Sign-in with the OpenID Connect provider (built in or the region's), back to a page of this host afterwards.
        app.MapGet("/masuk/oidc", async (string? ke, string? returnUrl, HttpContext http, ILogger<App> logger) =>
        {
            try
            {
                await http.ChallengeAsync(Identity.IdentityConfiguration.WebSignInScheme,
                    new AuthenticationProperties { RedirectUri = SignInLinks.LocalPath(ke ?? returnUrl) ?? "/" });
            }
            catch (InvalidOperationException e) when (!http.Response.HasStarted)
            {
                // The provider's configuration could not be read (an external provider that is down or misconfigured).
                logger.LogError(e, "The OpenID Connect provider could not be reached for a sign-in");
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = "60";
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Layanan masuk tidak tersedia — Eskalasi</title></head>" +
                    "<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>Layanan masuk tidak tersedia</h1>" +
                    "<p>Penyedia akun daerah tidak dapat dihubungi saat ini. Coba lagi beberapa saat lagi; bila berlanjut, hubungi admin daerah.</p>" +
                    "<p><a href=\"/masuk\">Kembali</a></p></body></html>");
            }
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/keluar", async (HttpContext http) =>
        {
            await http.SignOutAsync(WebSession.Scheme);
            if (http.RequestServices.GetRequiredService<Identity.Provider.AuthSettings>() is { External: false })
                await http.SignOutAsync(Identity.Provider.ProviderConfiguration.SessionScheme);
            return Results.Redirect("/masuk");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
