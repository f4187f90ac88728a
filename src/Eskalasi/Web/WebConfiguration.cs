using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using MudBlazor.Services;

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
        builder.Services.AddMudServices();
        builder.Services.AddAuthentication().AddCookie(WebSession.Scheme, o =>
        {
            o.LoginPath = "/masuk";
            o.LogoutPath = "/keluar";
            o.Cookie.Name = "eskalasi";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
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
        app.MapGet("/keluar", async (HttpContext http) =>
        {
            await http.SignOutAsync(WebSession.Scheme);
            return Results.Redirect("/masuk");
        }).AllowAnonymous();
        return app;
    }
}
