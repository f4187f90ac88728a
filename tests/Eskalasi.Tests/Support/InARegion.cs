namespace Eskalasi.Tests.Support;

/// <summary>A test class whose every test works in a fresh region of its own (a copy of a seed region).</summary>
public abstract class InARegion(AppFixture app, string seed = "kota-payakumbuh") : IAsyncLifetime
{
    protected AppFixture App => app;
    protected TestRegion Region { get; private set; } = null!;

    public async Task InitializeAsync() => Region = await app.NewRegionAsync(seed);

    public Task DisposeAsync() => Task.CompletedTask;
}
