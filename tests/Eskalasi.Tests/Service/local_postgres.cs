using Eskalasi.Infrastructure;
using Eskalasi.DevDatabase;

namespace Eskalasi.Tests.Service;

public sealed class local_postgres
{
    [Fact]
    public void missing_server_binaries_are_reported_with_what_to_do()
    {
        var error = Should.Throw<PostgresUnavailableException>(() => LocalPostgres.FindBinaries("/nonexistent/postgresql/bin"));
        error.Message.ShouldContain("apt-get install -y postgresql");
        error.Message.ShouldContain("ConnectionStrings__Marten");
    }

    [Fact]
    public void the_installed_binaries_are_found() =>
        File.Exists(Path.Combine(LocalPostgres.FindBinaries(null), "pg_ctl")).ShouldBeTrue();
}
