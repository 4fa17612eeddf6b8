using System.Globalization;
using Obscura.Engine.Generate.Templates.Internal;
using static Obscura.Engine.Generate.Templates.Internal.Specs;

namespace Obscura.Engine.Generate.Templates.Domains;

/// <summary>
/// Human resources and payroll: departments, locations, employees with their managers (self-reference), salary
/// history, payroll runs, payslips and leave requests.
/// </summary>
internal static class HrTemplate
{
    /// <summary>(code, name).</summary>
    private static readonly (string Code, string Name)[] Departments =
    [
        ("EXEC", "Executive Office"), ("ENG", "Engineering"), ("PROD", "Product Management"), ("DES", "Design"), ("DATA", "Data & Analytics"),
        ("IT", "IT Operations"), ("SEC", "Information Security"), ("SAL", "Sales"), ("MKT", "Marketing"), ("CS", "Customer Support"),
        ("FIN", "Finance"), ("ACC", "Accounting"), ("HR", "People & Culture"), ("LEG", "Legal & Compliance"), ("PROC", "Procurement"),
        ("OPS", "Operations"), ("LOG", "Logistics"), ("FAC", "Facilities"),
    ];

    private static readonly string[] Locations =
    [
        "Head Office", "North Campus", "Riverside Office", "Innovation Hub", "Distribution Centre East", "Distribution Centre West",
        "Downtown Studio", "Customer Contact Centre", "Research Lab", "Remote",
    ];

    // Titles that read well in any department, so a title never contradicts the department drawn beside it.
    private static readonly string[] JobTitles =
    [
        "Associate", "Analyst", "Senior Analyst", "Specialist", "Senior Specialist", "Coordinator", "Administrator", "Consultant",
        "Team Lead", "Manager", "Senior Manager", "Head of Function", "Director", "Senior Director", "Vice President", "Intern",
        "Trainee", "Principal", "Advisor", "Project Manager", "Programme Manager", "Business Partner", "Officer", "Assistant",
    ];

    public static DomainTemplate Create() => new(
        "hr",
        "human resources and payroll: departments, locations, employees (with managers), salaries, payroll runs, payslips, leave",
        [
            new("hr", 3), new("human resources", 3), new("payroll", 3), new("employee", 3), new("staff", 2), new("workforce", 3),
            new("hris", 3), new("personnel", 3), new("recruiting", 2), new("recruitment", 2), new("hiring", 2), new("salary", 2),
            new("salaries", 2), new("wage", 2), new("leave", 1), new("vacation", 1), new("timesheet", 2), new("people", 1),
            new("headcount", 3), new("onboarding", 1), new("department", 1), new("benefits", 1), new("talent", 2), new("org chart", 3),
        ],
        [],
        [
            new("departments", Departments.Length, MaxRows: Departments.Length),
            new("locations", Locations.Length, MaxRows: Locations.Length),
            new("employees", 2_000),
            new("salaries", 4_400, ScalesWith: "employees", Ratio: 2.2),
            new("payroll_runs", 36),
            new("payslips", 24_000, ScalesWith: "employees", Ratio: 12),
            new("leave_requests", 6_000, ScalesWith: "employees", Ratio: 3),
        ],
        Build);

    private static IReadOnlyList<TableBuilder> Build(string? variant, string? locale)
    {
        var departments = new TableBuilder("departments")
            .Id("department_id", 32)
            .Text("code", 8, false, InOrder(Departments.Select(d => d.Code)))
            .Text("name", 80, false, InOrder(Departments.Select(d => d.Name)))
            .Text("cost_center", 10, false, InOrder(Departments.Select((d, i) => "CC-" + (1000 + 10 * i).ToString(CultureInfo.InvariantCulture))))
            .Unique("code")
            .Unique("name");

        var locations = new TableBuilder("locations")
            .Id("location_id", 32)
            .Text("name", 80, false, InOrder(Locations))
            .Text("city", 100, true, Faker("city", locale))
            .Text("country", 80, true, Faker("country", locale))
            .Boolean("is_remote", false, InOrder(Locations.Select(l => l == "Remote" ? "true" : "false")))
            .Unique("name");

        var employees = new TableBuilder("employees")
            .Id("employee_id")
            .Text("employee_number", 8, false, Shape("E9999999"))
            .Text("first_name", 60, false, Faker("first_name", locale))
            .Text("last_name", 60, false, Faker("last_name", locale))
            .Text("work_email", 254, false, Template("{first_name}.{last_name}@company.example.com"))
            .Text("phone", 32, true, Faker("phone", locale, 0.1))
            .Date("date_of_birth", false, Faker("date_of_birth", locale))
            .Text("home_address", 200, true, Faker("street_address", locale, 0.02))
            .Text("home_city", 100, true, Faker("city", locale, 0.02))
            .Integer("department_id", 32, false, null)
            .Integer("location_id", 32, false, null)
            .Integer("manager_id", 64, true, null)
            .Text("job_title", 60, false, Choice(JobTitles))
            .Text("grade", 3, false, Weighted(("G1", 0.08), ("G2", 0.18), ("G3", 0.24), ("G4", 0.2), ("G5", 0.14), ("G6", 0.09), ("G7", 0.05), ("G8", 0.02)))
            .Text("employment_type", 12, false, Weighted(("full_time", 0.8), ("part_time", 0.1), ("contractor", 0.07), ("intern", 0.03)))
            .Text("status", 12, false, Weighted(("active", 0.84), ("on_leave", 0.04), ("terminated", 0.12)))
            .Date("hire_date", false, Dates(2005, 1, 2026, 10))
            .Date("termination_date", true, Dates(2008, 1, 2026, 10, nullRatio: 0.88))
            .Unique("employee_number")
            .Unique("work_email")
            .References("department_id", "departments", "department_id")
            .References("location_id", "locations", "location_id")
            .References("manager_id", "employees", "employee_id")
            .CheckIn("grade")
            .CheckIn("employment_type")
            .CheckIn("status");

        var salaries = new TableBuilder("salaries")
            .Id("salary_id")
            .Integer("employee_id", 64, false, null)
            .Date("effective_date", false, Dates(2005, 1, 2026, 10))
            .Decimal("annual_salary", 12, 2, false, Histogram(0, (28_000, 45_000, 0.25), (45_000, 70_000, 0.35), (70_000, 110_000, 0.25), (110_000, 180_000, 0.12), (180_000, 350_000, 0.03)))
            .Text("currency", 3, false, Weighted(("USD", 0.7), ("EUR", 0.2), ("GBP", 0.1)))
            .Text("change_reason", 16, false, Weighted(("hire", 0.4), ("annual_review", 0.35), ("promotion", 0.15), ("market_adjust", 0.07), ("transfer", 0.03)))
            .References("employee_id", "employees", "employee_id", FanOut((1, 0.4), (2, 0.25), (3, 0.17), (4, 0.1), (6, 0.08)), onDelete: "CASCADE")
            .CheckIn("currency")
            .CheckIn("change_reason")
            .Check("annual_salary", "annual_salary > 0");

        var payrollRuns = new TableBuilder("payroll_runs")
            .Id("payroll_run_id", 32)
            .Date("period_start", false, Dates(2023, 1, 2026, 9))
            .Date("pay_date", false, Dates(2023, 1, 2026, 10))
            .Text("frequency", 10, false, Weighted(("monthly", 0.8), ("biweekly", 0.2)))
            .Text("status", 10, false, Weighted(("paid", 0.92), ("approved", 0.05), ("draft", 0.03)))
            .CheckIn("frequency")
            .CheckIn("status");

        var payslips = new TableBuilder("payslips")
            .Id("payslip_id")
            .Integer("payroll_run_id", 32, false, null)
            .Integer("employee_id", 64, false, null)
            .Decimal("gross_pay", 10, 2, false, Histogram(2, (2_000, 4_000, 0.3), (4_000, 6_500, 0.38), (6_500, 10_000, 0.22), (10_000, 30_000, 0.1)))
            .Decimal("tax_withheld", 10, 2, false, Histogram(2, (200, 900, 0.35), (900, 1_800, 0.4), (1_800, 4_000, 0.2), (4_000, 12_000, 0.05)))
            .Decimal("net_pay", 10, 2, false, Histogram(2, (1_500, 3_000, 0.3), (3_000, 4_800, 0.38), (4_800, 7_500, 0.22), (7_500, 20_000, 0.1)))
            .References("payroll_run_id", "payroll_runs", "payroll_run_id")
            .References("employee_id", "employees", "employee_id", onDelete: "CASCADE")
            .Check("gross_pay", "gross_pay >= 0")
            .Check("tax_withheld", "tax_withheld >= 0")
            .Check("net_pay", "net_pay >= 0");

        var leave = new TableBuilder("leave_requests")
            .Id("leave_request_id")
            .Integer("employee_id", 64, false, null)
            .Text("leave_type", 12, false, Weighted(("annual", 0.6), ("sick", 0.25), ("parental", 0.03), ("unpaid", 0.04), ("bereavement", 0.02), ("study", 0.06)))
            .Date("start_date", false, Dates(2022, 1, 2026, 12))
            .Decimal("days", 4, 1, false, Histogram(1, (0.5, 2, 0.4), (2, 6, 0.35), (6, 15, 0.2), (15, 60, 0.05)))
            .Text("status", 10, false, Weighted(("approved", 0.8), ("requested", 0.08), ("rejected", 0.05), ("cancelled", 0.07)))
            .References("employee_id", "employees", "employee_id", onDelete: "CASCADE")
            .CheckIn("leave_type")
            .Check("days", "days > 0")
            .CheckIn("status");

        return [departments, locations, employees, salaries, payrollRuns, payslips, leave];
    }
}
