namespace Hyperswitch.Email.Templates.Previews.Internal;

/// <summary>One line of the checks panel: what was checked, whether it passed, and what was found.</summary>
internal sealed record EmailCheck(string Id, string Title, bool Passed, string Detail);
