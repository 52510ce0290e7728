namespace BudapestPost.Functions.Editors;

/// <summary>
/// The app roles editors are given in Entra ID (the app registration's <c>Editor</c> and <c>Admin</c> roles).
/// An Admin may do everything an Editor may.
/// </summary>
public enum EditorRole
{
    /// <summary>Corrections, triage of reader reports (with the readers' emails), the schedule.</summary>
    Editor,

    /// <summary>Also erasures, rebuilds, newsletter subscriber counts and the audit log.</summary>
    Admin,
}

/// <summary>
/// The route is for signed-in editors with at least <paramref name="role"/>: its function is anonymous at the host
/// (App Service authentication signs the caller in) and <see cref="EditorAccessMiddleware"/> checks the role.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRoleAttribute(EditorRole role) : Attribute
{
    public EditorRole Role { get; } = role;
}

/// <summary>Every successful call of the route is recorded in the audit log as <paramref name="action"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AuditedAttribute(string action) : Attribute
{
    public string Action { get; } = action;
}
