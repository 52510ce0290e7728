namespace BudapestPost.Functions.Http;

/// <summary>
/// The Azure Front Door profile in front of the app, bound from the "FrontDoor" section (app setting
/// <c>FrontDoor__Id</c>, which infra/main.bicep sets when Front Door is on).
/// </summary>
public sealed class FrontDoorOptions
{
    public const string SectionName = "FrontDoor";

    /// <summary>
    /// The profile's frontDoorId, which Front Door sends in X-Azure-FDID; empty when no Front Door is in front, and then
    /// no request's X-Azure-ClientIP is believed.
    /// </summary>
    public string? Id { get; set; }
}
