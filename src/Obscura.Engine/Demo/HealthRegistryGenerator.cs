using System.Globalization;
using Bogus;
using Obscura.Core.Schema;
using Obscura.Data;

namespace Obscura.Engine.Demo;

/// <summary>
/// Generates the demo's realistic health-registry database: facilities, staff (self-referencing supervisors),
/// beneficiaries with registration IDs, names, dates of birth, phones, Aadhaar-format numbers and addresses, visits
/// (composite key) and prescriptions (composite foreign key to visits). Seeded: the same seed gives the same database.
/// </summary>
public sealed class HealthRegistryGenerator
{
    /// <summary>The schema, in SQLite's SQL.</summary>
    public const string Schema = """
        CREATE TABLE facility (
            facility_id   INTEGER PRIMARY KEY,
            name          VARCHAR(80) NOT NULL,
            district      VARCHAR(60),
            state         VARCHAR(60),
            pincode       VARCHAR(6),
            phone         VARCHAR(20)
        );
        CREATE TABLE staff (
            staff_id      INTEGER PRIMARY KEY,
            facility_id   INTEGER NOT NULL REFERENCES facility (facility_id),
            full_name     VARCHAR(100) NOT NULL,
            role          VARCHAR(20) NOT NULL CHECK (role IN ('doctor', 'nurse', 'pharmacist', 'asha_worker', 'admin')),
            email         VARCHAR(120) UNIQUE,
            phone         VARCHAR(20),
            supervisor_id INTEGER REFERENCES staff (staff_id)
        );
        CREATE TABLE beneficiary (
            ben_reg_id             BIGINT PRIMARY KEY,
            first_name             VARCHAR(50) NOT NULL,
            surname                VARCHAR(50) NOT NULL,
            gender                 CHAR(1) NOT NULL CHECK (gender IN ('F', 'M', 'O')),
            date_of_birth          DATE NOT NULL,
            mobile_no              VARCHAR(20),
            aadhar_no              VARCHAR(14),
            email                  VARCHAR(120),
            address                VARCHAR(200),
            city                   VARCHAR(60),
            state                  VARCHAR(60),
            pincode                VARCHAR(6),
            registered_facility_id INTEGER REFERENCES facility (facility_id),
            registered_at          DATETIME NOT NULL,
            photo                  BLOB
        );
        CREATE TABLE visit (
            ben_reg_id   BIGINT NOT NULL REFERENCES beneficiary (ben_reg_id),
            visit_no     INTEGER NOT NULL,
            facility_id  INTEGER NOT NULL REFERENCES facility (facility_id),
            staff_id     INTEGER REFERENCES staff (staff_id),
            visit_date   DATE NOT NULL,
            diagnosis    VARCHAR(120),
            fee          DECIMAL(10, 2),
            notes        TEXT,
            PRIMARY KEY (ben_reg_id, visit_no)
        );
        CREATE INDEX ix_visit_date ON visit (visit_date);
        CREATE TABLE prescription (
            prescription_id INTEGER PRIMARY KEY,
            ben_reg_id      BIGINT NOT NULL,
            visit_no        INTEGER NOT NULL,
            drug            VARCHAR(80) NOT NULL,
            dosage          VARCHAR(40),
            days            INTEGER CHECK (days > 0),
            prescribed_by   INTEGER REFERENCES staff (staff_id),
            FOREIGN KEY (ben_reg_id, visit_no) REFERENCES visit (ben_reg_id, visit_no)
        );
        """;

    private static readonly string[] Diagnoses =
    [
        "Type 2 diabetes mellitus", "Essential hypertension", "Iron deficiency anaemia", "Pulmonary tuberculosis",
        "Acute upper respiratory infection", "Dengue fever", "Malaria (P. vivax)", "Antenatal check-up", "Typhoid fever",
        "Asthma", "Osteoarthritis of knee", "Vitamin D deficiency", "Acute gastroenteritis", "Hypothyroidism", "Routine immunization",
    ];

    private static readonly string[] Drugs =
    [
        "Metformin 500 mg", "Amlodipine 5 mg", "Ferrous sulphate 200 mg", "Paracetamol 650 mg", "Azithromycin 500 mg",
        "ORS sachet", "Salbutamol inhaler", "Levothyroxine 50 mcg", "Cholecalciferol 60000 IU", "Folic acid 5 mg",
        "Isoniazid 300 mg", "Rifampicin 450 mg", "Cetirizine 10 mg", "Ibuprofen 400 mg", "Pantoprazole 40 mg",
    ];

    private static readonly string[] States = ["Karnataka", "Maharashtra", "Tamil Nadu", "Kerala", "Uttar Pradesh", "Bihar", "Odisha", "Gujarat", "Rajasthan", "West Bengal"];
    // Real place names: Bogus builds Indian city names from first names ("West Anand"), which would read as leaked names.
    private static readonly string[] Cities = ["Bengaluru", "Mysuru", "Mumbai", "Pune", "Nagpur", "Chennai", "Madurai", "Coimbatore", "Kochi",
        "Thiruvananthapuram", "Lucknow", "Kanpur", "Varanasi", "Patna", "Gaya", "Bhubaneswar", "Cuttack", "Ahmedabad", "Surat", "Vadodara",
        "Jaipur", "Jodhpur", "Udaipur", "Kolkata", "Howrah", "Siliguri", "Hubballi", "Belagavi", "Nashik", "Tiruchirappalli"];
    private static readonly string[] Roles = ["doctor", "nurse", "pharmacist", "asha_worker", "admin"];

    private readonly int _seed;
    private readonly int _beneficiaries;

    /// <summary>Creates a generator; <paramref name="beneficiaries"/> drives every other table's size.</summary>
    public HealthRegistryGenerator(int seed = 20261123, int beneficiaries = 5000)
    {
        _seed = seed;
        _beneficiaries = beneficiaries;
    }

    /// <summary>Rows per table, in load order, each row in the table's column order.</summary>
    public IEnumerable<(string Table, IEnumerable<object?[]> Rows)> Tables()
    {
        var facilities = Math.Max(5, _beneficiaries / 250);
        var staff = Math.Max(20, _beneficiaries / 25);
        yield return ("facility", Facilities(facilities));
        yield return ("staff", Staff(staff, facilities));
        yield return ("beneficiary", Beneficiaries(facilities));
        yield return ("visit", Visits(facilities, staff));
        yield return ("prescription", Prescriptions(staff));
    }

    private Faker NewFaker(int stream) => new("en_IND") { Random = new Randomizer(_seed * 31 + stream) };

    private IEnumerable<object?[]> Facilities(int count)
    {
        var f = NewFaker(1);
        for (var id = 1; id <= count; id++)
        {
            var district = f.PickRandom(Cities);
            yield return [(long)id, $"{district} {f.PickRandom("Primary Health Centre", "Community Health Centre", "District Hospital", "Sub Centre")}",
                district, f.PickRandom(States), f.Random.Int(110001, 855126).ToString(CultureInfo.InvariantCulture), IndianPhone(f)];
        }
    }

    private IEnumerable<object?[]> Staff(int count, int facilities)
    {
        var f = NewFaker(2);
        for (var id = 1; id <= count; id++)
        {
            var first = f.Name.FirstName();
            var last = f.Name.LastName();
            // The first ten are heads with no supervisor; others report to an earlier staff member (a tree).
            object? supervisor = id <= 10 ? null : (long)f.Random.Int(1, Math.Min(id - 1, 10 + id / 10));
            yield return [(long)id, (long)f.Random.Int(1, facilities), id % 3 == 0 ? $"Dr. {first} {last}" : $"{first} {last}",
                f.PickRandom(Roles), $"{first}.{last}.{id}@health.example.in".ToLowerInvariant(), IndianPhone(f), supervisor];
        }
    }

    private IEnumerable<object?[]> Beneficiaries(int facilities)
    {
        var f = NewFaker(3);
        var registeredFrom = new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        for (var i = 0; i < _beneficiaries; i++)
        {
            var gender = f.Random.WeightedRandom(["F", "M", "O"], [0.49f, 0.49f, 0.02f]);
            var first = f.Name.FirstName(gender == "M" ? Bogus.DataSets.Name.Gender.Male : Bogus.DataSets.Name.Gender.Female);
            var last = f.Name.LastName();
            var dob = DateOnly.FromDateTime(f.Date.Between(new DateTime(1940, 1, 1), new DateTime(2024, 12, 31)));
            var photo = i % 10 == 0 ? f.Random.Bytes(256) : null;
            yield return
            [
                BeneficiaryId(i), first, last, gender, dob, i % 17 == 0 ? null : IndianPhone(f), AadhaarFormat(f),
                i % 4 == 0 ? $"{first}.{last}{f.Random.Int(1, 99)}@{f.PickRandom("gmail.com", "yahoo.co.in", "rediffmail.com")}".ToLowerInvariant() : null,
                $"{f.Random.Int(1, 999)}, {f.Address.StreetName()}", f.PickRandom(Cities), f.PickRandom(States),
                f.Random.Int(110001, 855126).ToString(CultureInfo.InvariantCulture), (long)f.Random.Int(1, facilities),
                registeredFrom.AddMinutes(f.Random.Int(0, 60 * 24 * 365 * 6)), photo,
            ];
        }
    }

    private IEnumerable<object?[]> Visits(int facilities, int staff)
    {
        var f = NewFaker(4);
        for (var i = 0; i < _beneficiaries; i++)
        {
            var visits = f.Random.Int(0, 5);
            var date = DateOnly.FromDateTime(f.Date.Between(new DateTime(2019, 1, 1), new DateTime(2023, 12, 31)));
            for (var v = 1; v <= visits; v++)
            {
                date = date.AddDays(f.Random.Int(7, 200));
                var diagnosis = f.PickRandom(Diagnoses);
                yield return
                [
                    BeneficiaryId(i), (long)v, (long)f.Random.Int(1, facilities), f.Random.Bool(0.9f) ? (long)f.Random.Int(1, staff) : null,
                    date, diagnosis, Math.Round(f.Random.Decimal(0, 2500), 2),
                    f.Random.Bool(0.3f) ? $"Follow-up advised for {diagnosis.ToLowerInvariant()}. {f.Lorem.Sentence()}" : null,
                ];
            }
        }
    }

    private IEnumerable<object?[]> Prescriptions(int staff)
    {
        // Re-walk the visits with the same seed so prescriptions reference visits that exist.
        var f = NewFaker(5);
        long id = 0;
        foreach (var visit in Visits(Math.Max(5, _beneficiaries / 250), staff))
        {
            var count = f.Random.Int(0, 3);
            for (var p = 0; p < count; p++)
            {
                yield return
                [
                    ++id, visit[0], visit[1], f.PickRandom(Drugs), f.PickRandom("1-0-1", "1-1-1", "0-0-1", "1-0-0", "SOS"),
                    (long)f.Random.Int(1, 30), visit[3],
                ];
            }
        }
    }

    /// <summary>Registration IDs look like real ones: 10 digits with a state prefix, not 1..N.</summary>
    private static long BeneficiaryId(int index) => 2_900_000_000L + index * 7919L % 100_000_000L + index;

    private static string IndianPhone(Faker f) =>
        $"+91 {f.Random.Int(6, 9)}{f.Random.Int(1000, 9999)} {f.Random.Int(10000, 99999)}";

    private static string AadhaarFormat(Faker f) =>
        $"{f.Random.Int(2, 9)}{f.Random.Int(100, 999)} {f.Random.Int(1000, 9999)} {f.Random.Int(1000, 9999)}";

    /// <summary>Loads the generated rows into tables already created from <see cref="Schema"/>.</summary>
    public async Task<IReadOnlyDictionary<string, long>> LoadAsync(DatabaseEndpoint target, CancellationToken cancellationToken)
    {
        await using var conn = await target.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var statement in Schema.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await DatabaseEndpoint.ExecuteAsync(conn, statement, cancellationToken).ConfigureAwait(false);
        }
        var catalog = await target.Provider.InspectAsync(conn, cancellationToken).ConfigureAwait(false);
        await target.Provider.PrepareForLoadAsync(conn, cancellationToken).ConfigureAwait(false);
        var writer = target.Provider.CreateBulkWriter();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, rows) in Tables())
        {
            var table = catalog.FindTable(name) ?? throw new InvalidOperationException($"demo table {name} was not created");
            using var reader = new RowSourceReader(table.Columns, rows);
            counts[name] = await writer.WriteAsync(conn, table, reader, null, cancellationToken).ConfigureAwait(false);
        }
        return counts;
    }
}
