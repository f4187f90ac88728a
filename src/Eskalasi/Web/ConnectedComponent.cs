using Microsoft.AspNetCore.Components;

namespace Eskalasi.Web;

/// <summary>
/// An interactive part of a page that says so once its circuit is connected and its data is read
/// (<c>data-ready="true"</c>): a click before that would be lost, so browser tests wait for the marker rather than for a
/// fixed time.
/// </summary>
public abstract class ConnectedComponent : ComponentBase
{
    private bool _connected;
    private bool _initialised;

    protected string ReadyMarker => _connected ? "true" : "false";

    protected override async Task OnInitializedAsync()
    {
        await InitialiseAsync();
        _initialised = true;
    }

    /// <summary>Reads what the part shows first; the marker waits for it.</summary>
    protected virtual Task InitialiseAsync() => Task.CompletedTask;

    protected override void OnAfterRender(bool firstRender)
    {
        if (_connected || !_initialised || !RendererInfo.IsInteractive) return;
        _connected = true;
        StateHasChanged();
    }
}
