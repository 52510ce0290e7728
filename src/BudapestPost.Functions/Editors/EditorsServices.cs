using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Editors;

public static class EditorsServices
{
    /// <summary>The audit log; editors' access to their routes is <see cref="EditorAccessMiddleware"/>.</summary>
    public static IServiceCollection AddEditors(this IServiceCollection services) => services.AddSingleton<AuditLog>();
}
