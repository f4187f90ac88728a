using AngleSharp.Dom;
using Bunit;
using Eskalasi.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Eskalasi.Tests.Components;

/// <summary>
/// A form of the web application rendered on its own (bUnit), with the component library's services and a fixed clock.
/// Fields are found as a person finds them: by their label.
/// </summary>
public abstract class ComponentTest : BunitContext
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    protected static readonly RegionOrganisation Region = new("kota-x", "Kota X", "kota", "Asia/Jakarta", "KX",
        [new Office("sekda", "Setda", "sekda"), new Office("head", "Wali Kota", "head"),
         new Office("asisten-1", "Asisten I", "asisten"), new Office("asisten-2", "Asisten II", "asisten")],
        [new Opd("dinas-pupr", "Dinas PUPR", "dinas", "asisten-2"), new Opd("pdam", "PDAM", "bumd-partner", "asisten-2"),
         new Opd("dinas-perkim", "Dinas Perkim", "dinas", "asisten-2")],
        ["infrastruktur", "air-bersih"], new DwellTargets());

    protected ComponentTest()
    {
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>The input, textarea or select a label names.</summary>
    protected static IElement Field<T>(IRenderedComponent<T> cut, string label) where T : Microsoft.AspNetCore.Components.IComponent =>
        FieldIn(cut.Nodes, label);

    protected static IElement FieldIn(INodeList nodes, string label)
    {
        var labels = nodes.QuerySelectorAll("label").Where(l => l.TextContent.Trim().TrimEnd('*').Trim() == label).ToList();
        labels.Count.ShouldBe(1, $"one field labelled '{label}'");
        var id = labels[0].GetAttribute("for");
        id.ShouldNotBeNullOrEmpty($"the label '{label}' names its field");
        return nodes.QuerySelector($"#{id}") ?? throw new ShouldAssertException($"no field with id {id} for '{label}'");
    }

    protected static IElement Button<T>(IRenderedComponent<T> cut, string name) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == name || b.GetAttribute("aria-label") == name);
}
