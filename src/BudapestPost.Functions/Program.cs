using BudapestPost.Functions;
using BudapestPost.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// The ASP.NET Core integration first: its middleware completes the response once the others are done, so
// theirs (telemetry, exception handling) still see a live HttpContext.
builder.ConfigureFunctionsWebApplication();

builder.AddTelemetry();

builder.AddApplicationServices();

builder.Build().Run();
