using Eskalasi.Identity;
using Microsoft.Extensions.Configuration;

namespace Eskalasi.Tests.Security;

/// <summary>Demo mode hands out any account's token: it starts only on loopback addresses unless told otherwise.</summary>
public sealed class demo_mode_stays_on_this_machine
{
    private static string? Check(params (string Key, string Value)[] settings) =>
        DemoModeGuard.Check(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build());

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://localhost:5080;http://127.0.0.1:5081")]
    public void starts_on_loopback(string urls) => Check(("Eskalasi:DemoMode", "true"), ("urls", urls)).ShouldBeNull();

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://localhost:5080;http://[::]:5081")]
    public void refuses_any_other_address(string urls) =>
        Check(("Eskalasi:DemoMode", "true"), ("urls", urls))!.ShouldContain("AllowRemote");

    [Fact]
    public void starts_elsewhere_only_when_told_to() =>
        Check(("Eskalasi:DemoMode", "true"), ("Eskalasi:DemoMode:AllowRemote", "true"), ("urls", "http://+:5080")).ShouldBeNull();

    [Fact]
    public void outside_demo_mode_any_address_is_fine() => Check(("Eskalasi:DemoMode", "false"), ("urls", "http://0.0.0.0:5080")).ShouldBeNull();
}
