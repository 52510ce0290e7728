using Microsoft.Azure.Functions.Worker.Builder;

namespace BudapestPost.Functions;

internal static class ApplicationServices
{
    public static FunctionsApplicationBuilder AddApplicationServices(this FunctionsApplicationBuilder builder)
    {
        return builder;
    }
}
