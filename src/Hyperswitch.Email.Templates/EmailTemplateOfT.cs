using Microsoft.AspNetCore.Components;

namespace Hyperswitch.Email.Templates;

/// <summary>An email template whose data is a <typeparamref name="TModel"/>: <c>@inherits EmailTemplate&lt;VerifyEmailModel&gt;</c>.</summary>
/// <typeparam name="TModel">The type of the data the email shows, for example a record with the user's name and a token.</typeparam>
public abstract class EmailTemplate<TModel> : EmailTemplate
{
    /// <summary>Gets or sets the data the email shows.</summary>
    [Parameter]
    [EditorRequired]
    public TModel Model { get; set; } = default!;
}
