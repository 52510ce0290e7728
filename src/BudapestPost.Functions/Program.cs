using BudapestPost.Functions;
using BudapestPost.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.AddTelemetry();

builder.ConfigureFunctionsWebApplication();

builder.AddApplicationServices();

builder.Build().Run();
