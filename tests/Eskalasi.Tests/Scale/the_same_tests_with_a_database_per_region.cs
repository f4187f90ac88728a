using Eskalasi.Tests.Support;
using Xunit.Abstractions;

namespace Eskalasi.Tests.Scale;

// docs/scale.md "A database per region": these test classes run a second time with the fixture's switch turned the other
// way — a master database and a database of its own for every region the tests make — as well as in the shared database
// (their own collections). The moves and their refusals, the views, meetings, evidence bytes, timers, analytics, the demo
// picker across regions, and the cross-region answers (404, nothing written) are the same either way.

[Collection(PerRegionAppCollection.Name)]
public sealed class the_escalation_story_per_region(PerRegionAppFixture app) : Chain.the_escalation_story(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class refusals_of_the_chain_per_region(PerRegionAppFixture app) : Chain.refusals_of_the_chain(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class concurrency_and_retries_per_region(PerRegionAppFixture app, ITestOutputHelper output)
    : Chain.concurrency_and_retries(app, output);

[Collection(PerRegionAppCollection.Name)]
public sealed class returns_land_where_the_domain_says_per_region(PerRegionAppFixture app) : Chain.returns_land_where_the_domain_says(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class the_answer_to_a_move_per_region(PerRegionAppFixture app) : Chain.the_answer_to_a_move(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class an_opd_holding_an_issue_through_a_disposisi_per_region(PerRegionAppFixture app)
    : Chain.an_opd_holding_an_issue_through_a_disposisi(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class the_sekda_marks_a_duplicate_per_region(PerRegionAppFixture app) : Chain.the_sekda_marks_a_duplicate(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class when_an_opd_officer_logs_an_issue_per_region(PerRegionAppFixture app) : Issues.when_an_opd_officer_logs_an_issue(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class listing_issues_per_region(PerRegionAppFixture app) : Issues.listing_issues(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class running_a_rakor_per_region(PerRegionAppFixture app) : Meetings.running_a_rakor(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class photos_and_documents_as_evidence_per_region(PerRegionAppFixture app) : Evidence.photos_and_documents_as_evidence(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class where_problems_get_stuck_per_region(PerRegionAppFixture app) : Analytics.where_problems_get_stuck(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class backlogs_and_views_per_region(PerRegionAppFixture app) : Backlogs.backlogs_and_views(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class each_users_inbox_per_region(PerRegionAppFixture app) : Oversight.each_users_inbox(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class the_sekdas_audit_per_region(PerRegionAppFixture app) : Oversight.the_sekdas_audit(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class dwell_timers_per_region(PerRegionAppFixture app) : Oversight.dwell_timers(app);

[Collection(PerRegionAppCollection.Name)]
public sealed class demo_sign_in_per_region(PerRegionAppFixture app) : Organisation.demo_sign_in(app);

[Collection(PerRegionNonDemoAppCollection.Name)]
public sealed class the_authorization_matrix_per_region(PerRegionNonDemoAppFixture app, ITestOutputHelper output)
    : Security.the_authorization_matrix(app, output);

[Collection(PerRegionNonDemoAppCollection.Name)]
public sealed class tokens_that_must_not_work_per_region(PerRegionNonDemoAppFixture app) : Security.tokens_that_must_not_work(app);
