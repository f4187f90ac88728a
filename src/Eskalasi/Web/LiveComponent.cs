using Eskalasi.Identity;
using Eskalasi.Web.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Eskalasi.Web;

/// <summary>
/// An interactive part that re-reads its view when something is committed in the user's region (a move lands, an issue is
/// logged), so it stays current without a reload. Bursts of commits are read once: at most one refresh per half second.
/// </summary>
public abstract class LiveComponent : ConnectedComponent, IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    [Inject] private RegionChanges Changes { get; set; } = null!;
    [CascadingParameter] protected Task<AuthenticationState> State { get; set; } = null!;

    private IDisposable? _subscription;
    private int _pending;
    private bool _disposed;

    /// <summary>Reads the view; called once to start with and again after commits in the region.</summary>
    protected abstract Task RefreshAsync();

    /// <summary>True when the view came over from the prerendered page (persisted state): no first read then.</summary>
    protected virtual bool Restored => false;

    protected override async Task InitialiseAsync()
    {
        if (!Restored) await RefreshAsync();
        if ((await State).User.Region() is { } region) _subscription = Changes.Subscribe(region, Changed);
    }

    private void Changed()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            await Task.Delay(Quiet);
            Interlocked.Exchange(ref _pending, 0);
            if (_disposed) return;
            try
            {
                await InvokeAsync(async () =>
                {
                    await RefreshAsync();
                    StateHasChanged();
                });
            }
            catch (ObjectDisposedException)
            {
                // the circuit closed meanwhile
            }
        });
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
