using Obscura.Engine.Generate.Templates.Internal;
using static Obscura.Engine.Generate.Templates.Internal.Specs;

namespace Obscura.Engine.Generate.Templates.Domains;

/// <summary>
/// B2B software company with a CRM: plans (text key), customer companies, their contacts, sales reps, deals through a
/// pipeline of stages, subscriptions and sales activities.
/// </summary>
internal static class SaasCrmTemplate
{
    /// <summary>(code, name, monthly price per seat, seat limit).</summary>
    private static readonly (string Code, string Name, string Price, string Seats)[] Plans =
    [
        ("free", "Free", "0.00", "3"),
        ("starter", "Starter", "12.00", "10"),
        ("team", "Team", "29.00", "50"),
        ("business", "Business", "59.00", "500"),
        ("enterprise", "Enterprise", "99.00", "100000"),
    ];

    private static readonly string[] Industries =
    [
        "software", "financial_services", "healthcare", "retail", "manufacturing", "education", "logistics", "media", "telecommunications",
        "real_estate", "hospitality", "energy", "government", "nonprofit", "professional_services", "construction", "agriculture", "automotive",
    ];

    private static readonly string[] DealNames =
    [
        "New business - annual", "Expansion - additional seats", "Renewal", "Upgrade to Business plan", "Upgrade to Enterprise plan",
        "Pilot for one department", "Multi-year renewal", "Add-on: advanced analytics", "Add-on: single sign-on", "Regional rollout",
        "Migration from legacy tool", "Proof of concept", "Partner referral", "Inbound demo request", "Cross-sell: support package",
    ];

    public static DomainTemplate Create() => new(
        "saas",
        "SaaS company CRM: plans, companies, contacts, sales reps, deals, subscriptions, activities",
        [
            new("saas", 3), new("crm", 3), new("software as a service", 3), new("subscription", 3), new("b2b", 2), new("pipeline", 2),
            new("deal", 2), new("lead", 2), new("sales pipeline", 3), new("salesforce", 2), new("churn", 2), new("mrr", 3), new("arr", 2),
            new("plan", 1), new("tenant", 2), new("startup", 1), new("software", 1), new("app", 1), new("contact", 1), new("opportunity", 2),
            new("sales", 1), new("customer success", 3), new("billing", 1), new("seat", 1), new("trial", 2), new("onboarding", 1),
        ],
        [],
        [
            new("plans", Plans.Length, MaxRows: Plans.Length),
            new("companies", 2_000),
            new("sales_reps", 40),
            new("contacts", 8_000, ScalesWith: "companies", Ratio: 4),
            new("deals", 3_000, ScalesWith: "companies", Ratio: 1.5),
            new("subscriptions", 2_200, ScalesWith: "companies", Ratio: 1.1),
            new("activities", 18_000, ScalesWith: "deals", Ratio: 6),
        ],
        Build);

    private static IReadOnlyList<TableBuilder> Build(string? variant, string? locale)
    {
        var plans = new TableBuilder("plans")
            .Text("plan_code", 20, false, InOrder(Plans.Select(p => p.Code)))
            .Text("name", 40, false, InOrder(Plans.Select(p => p.Name)))
            .Decimal("monthly_price_per_seat", 8, 2, false, InOrder(Plans.Select(p => p.Price)))
            .Integer("seat_limit", 32, false, InOrder(Plans.Select(p => p.Seats)))
            .PrimaryKey("plan_code")
            .Unique("name")
            .Check("monthly_price_per_seat", "monthly_price_per_seat >= 0")
            .Check("seat_limit", "seat_limit >= 1");

        var companies = new TableBuilder("companies")
            .Id("company_id")
            .Text("name", 120, false, Faker("company", locale))
            .Text("website", 200, true, Faker("url", locale, 0.1))
            .Text("industry", 30, false, Choice(Industries))
            .Text("employee_band", 10, false, Weighted(("1-10", 0.32), ("11-50", 0.3), ("51-200", 0.2), ("201-1000", 0.12), ("1000+", 0.06)))
            .Text("city", 100, true, Faker("city", locale, 0.05))
            .Text("country", 80, true, Faker("country", locale, 0.05))
            .Timestamp("created_at", false, Dates(2017, 1, 2026, 10))
            .CheckIn("industry")
            .CheckIn("employee_band");

        var reps = new TableBuilder("sales_reps")
            .Id("rep_id", 32)
            .Text("first_name", 60, false, Faker("first_name", locale))
            .Text("last_name", 60, false, Faker("last_name", locale))
            .Text("email", 254, false, Template("{first_name}.{last_name}@vendor.example.com"))
            .Text("team", 12, false, Weighted(("smb", 0.45), ("mid_market", 0.35), ("enterprise", 0.2)))
            .Decimal("quota", 12, 2, false, Weighted(("250000", 0.4), ("500000", 0.35), ("1000000", 0.2), ("2000000", 0.05)))
            .Date("hired_on", false, Dates(2016, 1, 2026, 9))
            .Unique("email")
            .CheckIn("team")
            .Check("quota", "quota >= 0");

        var contacts = new TableBuilder("contacts")
            .Id("contact_id")
            .Integer("company_id", 64, false, null)
            .Text("first_name", 60, false, Faker("first_name", locale))
            .Text("last_name", 60, false, Faker("last_name", locale))
            .Text("email", 254, false, Template("{first_name}.{last_name}@example.org"))
            .Text("phone", 32, true, Faker("phone", locale, 0.3))
            .Text("job_title", 100, true, Faker("job_title", locale, 0.1))
            .Text("lifecycle_stage", 24, false, Weighted(("subscriber", 0.15), ("lead", 0.3), ("marketing_qualified", 0.15), ("sales_qualified", 0.1), ("opportunity", 0.08), ("customer", 0.2), ("evangelist", 0.02)))
            .Timestamp("created_at", false, Dates(2017, 1, 2026, 10))
            .Unique("email")
            .References("company_id", "companies", "company_id", FanOut((1, 0.3), (2, 0.2), (3, 0.15), (5, 0.15), (8, 0.12), (15, 0.08)))
            .CheckIn("lifecycle_stage");

        var deals = new TableBuilder("deals")
            .Id("deal_id")
            .Integer("company_id", 64, false, null)
            .Integer("owner_rep_id", 32, false, null)
            .Integer("primary_contact_id", 64, true, null)
            .Text("name", 120, false, Choice(DealNames))
            .Text("stage", 20, false, Weighted(("prospecting", 0.18), ("qualification", 0.15), ("proposal", 0.12), ("negotiation", 0.08), ("closed_won", 0.25), ("closed_lost", 0.22)))
            .Decimal("amount", 12, 2, false, Histogram(2, (500, 5_000, 0.4), (5_000, 25_000, 0.35), (25_000, 100_000, 0.2), (100_000, 750_000, 0.05)))
            .Integer("probability_pct", 16, false, Weighted(("10", 0.2), ("25", 0.2), ("50", 0.2), ("75", 0.15), ("90", 0.1), ("100", 0.1), ("0", 0.05)))
            .Date("expected_close_date", false, Dates(2023, 1, 2027, 6))
            .Timestamp("created_at", false, Dates(2022, 1, 2026, 10))
            .References("company_id", "companies", "company_id")
            .References("owner_rep_id", "sales_reps", "rep_id")
            .References("primary_contact_id", "contacts", "contact_id")
            .CheckIn("stage")
            .Check("amount", "amount >= 0")
            .Check("probability_pct", "probability_pct BETWEEN 0 AND 100");

        var subscriptions = new TableBuilder("subscriptions")
            .Id("subscription_id")
            .Integer("company_id", 64, false, null)
            .Text("plan_code", 20, false, null)
            .Text("status", 12, false, Weighted(("active", 0.68), ("trialing", 0.08), ("past_due", 0.04), ("canceled", 0.2)))
            .Text("billing_cycle", 8, false, Weighted(("monthly", 0.62), ("annual", 0.38)))
            .Integer("seats", 32, false, Histogram(0, (1, 5, 0.45), (5, 25, 0.35), (25, 200, 0.17), (200, 2_000, 0.03)))
            .Decimal("mrr", 12, 2, false, Histogram(2, (0, 100, 0.35), (100, 1_000, 0.4), (1_000, 10_000, 0.2), (10_000, 80_000, 0.05)))
            .Date("started_on", false, Dates(2017, 1, 2026, 10))
            .Date("canceled_on", true, Dates(2018, 1, 2026, 10, nullRatio: 0.8))
            .References("company_id", "companies", "company_id")
            .References("plan_code", "plans", "plan_code")
            .CheckIn("status")
            .CheckIn("billing_cycle")
            .Check("seats", "seats >= 1")
            .Check("mrr", "mrr >= 0");

        var activities = new TableBuilder("activities")
            .Id("activity_id")
            .Integer("deal_id", 64, false, null)
            .Integer("rep_id", 32, false, null)
            .Integer("contact_id", 64, true, null)
            .Text("activity_type", 10, false, Weighted(("email", 0.4), ("call", 0.25), ("meeting", 0.15), ("demo", 0.08), ("note", 0.12)))
            .Timestamp("occurred_at", false, Dates(2022, 1, 2026, 10))
            .Integer("duration_minutes", 32, false, Histogram(0, (0, 5, 0.45), (5, 30, 0.3), (30, 61, 0.22), (61, 180, 0.03)))
            .Text("outcome", 20, true, Weighted(("connected", 0.3), ("left_voicemail", 0.15), ("no_answer", 0.15), ("scheduled_follow_up", 0.25), ("not_interested", 0.15)) with { NullRatio = 0.3 })
            .References("deal_id", "deals", "deal_id", FanOut((1, 0.15), (3, 0.25), (5, 0.25), (8, 0.2), (12, 0.1), (25, 0.05)))
            .References("rep_id", "sales_reps", "rep_id")
            .References("contact_id", "contacts", "contact_id")
            .CheckIn("activity_type")
            .Check("duration_minutes", "duration_minutes BETWEEN 0 AND 1440")
            .CheckIn("outcome");

        return [plans, companies, reps, contacts, deals, subscriptions, activities];
    }
}
