using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Obscura.Service.Dashboard.Internal;
using Obscura.Service.DataSources;
using Obscura.Service.Endpoints;
using Obscura.Service.Internal;
using Obscura.Service.Store;

namespace Obscura.Service.Dashboard.Pages;

/// <summary>Data sources: list (never a password), add (ADMIN), test connectivity (ADMIN, DBA), through the API's own handlers.</summary>
[Authorize(Policy = DashboardPolicies.Operations)]
internal sealed class DataSourcesModel : DashboardPage
{
    /// <summary>The add form. <see cref="Password"/> is write-only: it is never rendered back, not even after an error.</summary>
    public sealed class AddForm
    {
        public string? Name { get; set; }
        public string? Kind { get; set; } = "postgres";
        public string? Environment { get; set; }
        public string? Classification { get; set; }
        public string? Host { get; set; }
        public int? Port { get; set; }
        public string? Database { get; set; }
        public string? Username { get; set; }
        public string? Password { get; set; }
        public string? PasswordRef { get; set; }
        public string? TlsMode { get; set; }
    }

    [BindProperty]
    public AddForm Input { get; set; } = new();

    public IReadOnlyList<DataSourceView> Sources { get; private set; } = [];
    public bool CanAdd => Holds(ServiceRoles.Admin);
    public bool CanTest => Holds(ServiceRoles.Admin) || Holds(ServiceRoles.Dba);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct).ConfigureAwait(false);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!CanAdd) return ForbidPage();
        var i = Input;
        var request = new DataSourceRequest
        {
            Name = Blank(i.Name), Kind = Blank(i.Kind), Environment = Blank(i.Environment), Classification = Blank(i.Classification),
            Host = i.Kind == "sqlite" ? null : Blank(i.Host), Port = i.Kind == "sqlite" ? null : i.Port, Database = Blank(i.Database),
            Username = i.Kind == "sqlite" ? null : Blank(i.Username), Password = Blank(i.Password), PasswordRef = Blank(i.PasswordRef), TlsMode = Blank(i.TlsMode),
        };
        i.Password = null;
        var result = ServiceResult.From(await DataSourceEndpoints.CreateAsync(HttpContext, request, Service<DataSourceService>(), Service<IServiceStore>(), Service<ServiceAudit>(), ct).ConfigureAwait(false));
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Messages());
            Response.StatusCode = result.Status;
            await LoadAsync(ct).ConfigureAwait(false);
            return Page();
        }
        Notice = $"Data source {result.As<DataSourceView>()!.Name} added.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync(string id, CancellationToken ct)
    {
        if (!CanTest) return ForbidPage();
        var result = ServiceResult.From(await DataSourceEndpoints.TestAsync(HttpContext, id, Service<DataSourceService>(), Service<IServiceStore>(), Service<ServiceAudit>(), ct).ConfigureAwait(false));
        var name = (await Service<IServiceStore>().GetDataSourceAsync(id, ct).ConfigureAwait(false))?.Name ?? id;
        Notice = result.Succeeded ? $"{name}: {result.Text("message")}" : $"{name} cannot be reached: {result.Detail}";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Sources = (await Service<IServiceStore>().ListDataSourcesAsync(ct).ConfigureAwait(false)).Select(DataSourceService.View).ToList();

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
