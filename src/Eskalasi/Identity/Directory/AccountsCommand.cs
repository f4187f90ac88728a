using Eskalasi.Infrastructure;

namespace Eskalasi.Identity.Directory;

/// <summary>
/// The operator's command for the first admin of a region (and any account later):
/// <c>accounts add --region R --user U --role admin [--name N] [--office O] [--opd P] [--email E]</c>. The password comes
/// from <c>ESKALASI_PASSWORD</c> or standard input — never from an argument, which other users of the machine can see.
/// </summary>
public static class AccountsCommand
{
    public const string Name = "accounts";
    private static readonly Actor Operator = new("operator", Roles.Admin, null);

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static void Prepare(WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Eskalasi:DemoHistory:IssuesPerRegion"] = "0";
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        string? Value(string flag) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault();
        if (args.Length < 2 || args[1] != "add" || Value("--region") is not { } region || Value("--user") is not { } user || Value("--role") is not { } role)
        {
            Console.Error.WriteLine("Usage: accounts add --region <region> --user <user> --role <role> [--name <name>] [--office <office>] [--opd <opd>] [--email <e-mail>]");
            Console.Error.WriteLine("The password is read from ESKALASI_PASSWORD or from standard input.");
            return 2;
        }
        if (args.Contains("--password"))
        {
            Console.Error.WriteLine("A password is never an argument: set ESKALASI_PASSWORD or type it when asked.");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable("ESKALASI_PASSWORD") is { Length: > 0 } fromEnvironment ? fromEnvironment : ReadPassword();

        await app.StartAsync();
        try
        {
            await app.Services.GetRequiredService<StartupState>().WhenReady;
            var directory = app.Services.GetRequiredService<AccountDirectory>();
            var request = new NewAccount(user, Value("--name") ?? user, role, Value("--office"), Value("--opd"), password, Value("--email"));
            var (created, refusal) = await directory.CreateAsync(region, request, Operator, CancellationToken.None);
            if (refusal is not null)
            {
                Console.Error.WriteLine($"Not created: {refusal.Detail}");
                foreach (var (field, messages) in refusal.Errors ?? new Dictionary<string, string[]>())
                    Console.Error.WriteLine($"  {field}: {string.Join(" ", messages)}");
                return 1;
            }
            Console.WriteLine($"Created {created!.Account.User} ({created.Account.Role}). Sign in as '{created.Account.User}'.");
            return 0;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>One line of standard input; typed at a terminal, without echo.</summary>
    private static string ReadPassword()
    {
        if (Console.IsInputRedirected) return Console.ReadLine() ?? "";
        Console.Write("Password: ");
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        Console.WriteLine();
        return typed.ToString();
    }
}
