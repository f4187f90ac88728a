using Microsoft.AspNetCore.Components;

namespace Eskalasi.Web;

/// <summary>
/// An interactive part of a page that says so once its circuit is connected (<c>data-ready="true"</c>): a click before
/// that would be lost, so browser tests wait for the marker rather than for a fixed time.
/// </summary>
public abstract class ConnectedComponent : ComponentBase
{
    private bool _connected;

    protected string ReadyMarker => _connected ? "true" : "false";

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        _connected = true;
        StateHasChanged();
    }
}
