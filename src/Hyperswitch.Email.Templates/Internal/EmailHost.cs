using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Hyperswitch.Email.Templates.Internal;

/// <summary>The root of one rendered email: the context as a cascading value, the layout (if any), the template with its model.</summary>
internal sealed class EmailHost : IComponent
{
    private RenderHandle _handle;

    [Parameter]
    public Type Template { get; set; } = default!;

    [Parameter]
    public object? Model { get; set; }

    [Parameter]
    public Type? Layout { get; set; }

    [Parameter]
    public EmailRenderContext Context { get; set; } = default!;

    public void Attach(RenderHandle renderHandle) => _handle = renderHandle;

    public Task SetParametersAsync(ParameterView parameters)
    {
        parameters.SetParameterProperties(this);
        _handle.Render(Render);
        return Task.CompletedTask;
    }

    private void Render(RenderTreeBuilder builder)
    {
        builder.OpenComponent<CascadingValue<EmailRenderContext>>(0);
        builder.AddComponentParameter(1, nameof(CascadingValue<EmailRenderContext>.Value), Context);
        builder.AddComponentParameter(2, nameof(CascadingValue<EmailRenderContext>.IsFixed), true);
        builder.AddComponentParameter(3, nameof(CascadingValue<EmailRenderContext>.ChildContent), Layout is null ? (RenderFragment)RenderTemplate : RenderLayout);
        builder.CloseComponent();
    }

    private void RenderLayout(RenderTreeBuilder builder)
    {
        builder.OpenComponent<LayoutView>(0);
        builder.AddComponentParameter(1, nameof(LayoutView.Layout), Layout);
        builder.AddComponentParameter(2, nameof(LayoutView.ChildContent), (RenderFragment)RenderTemplate);
        builder.CloseComponent();
    }

    private void RenderTemplate(RenderTreeBuilder builder)
    {
        builder.OpenComponent(0, Template);
        builder.AddComponentParameter(1, nameof(EmailTemplate<object>.Model), Model);
        builder.CloseComponent();
    }
}
