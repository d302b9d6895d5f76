#!/usr/bin/env bash
# Runs PIT over each scope named (every scope when none is), one after another, each unbounded and with
# its own test selection and threshold (the profiles of docs/mutation-testing.md), then prints a table of
# the scores read from each run's mutations.xml.
#
#   src/mutation/pit-scopes.sh                    every scope (about an hour and a half on two quiet cores)
#   src/mutation/pit-scopes.sh routing boot-core  the scopes named
#   MVN_ARGS="-o -Dpitest.threads=1" src/mutation/pit-scopes.sh auth
#
# Scopes: the client's packages (tools chat auth protocol event fleet routing reactive observation core
# client pool connection connection-units connection-settings), the Boot module's (boot-support boot-health
# boot-observation boot-discovery boot-core) and spring-ai. A run under its threshold fails; the others
# still run, and the script exits non-zero at the end.
set -u
cd "$(dirname "$0")/../.."

client_scopes="tools chat auth protocol event fleet routing reactive observation core client pool connection connection-units connection-settings"
boot_scopes="boot-support boot-health boot-observation boot-discovery boot-core"
all_scopes="$client_scopes $boot_scopes spring-ai"
scopes="${*:-$all_scopes}"

command_for() {
	case "$1" in
		boot-*) echo "-pl ollama-ws-spring-boot-autoconfigure -am -Dpitest.boot=${1#boot-}" ;;
		spring-ai) echo "-pl ollama-ws-spring-ai -am -Dpitest.springai=all" ;;
		*) echo "-pl ollama-ws-client -am -Dpitest.package=$1" ;;
	esac
}

report_for() {
	case "$1" in
		boot-*) echo "ollama-ws-spring-boot-autoconfigure/target/pit-reports/$1/mutations.xml" ;;
		spring-ai) echo "ollama-ws-spring-ai/target/pit-reports/spring-ai/mutations.xml" ;;
		*) echo "ollama-ws-client/target/pit-reports/$1/mutations.xml" ;;
	esac
}

count() {
	grep -o "status='$1'" "$2" | wc -l
}

for scope in $scopes; do
	case " $all_scopes " in
		*" $scope "*) ;;
		*) echo "Unknown scope '$scope'. Scopes: $all_scopes" >&2; exit 2 ;;
	esac
done

summary=()
failed=0
for scope in $scopes; do
	report="$(report_for "$scope")"
	rm -f "$report"
	log="target/pit-scopes/$scope.log"
	mkdir -p target/pit-scopes
	echo "== $scope ($(date -u +%H:%M:%S) UTC), log: $log"
	start=$(date +%s)
	# shellcheck disable=SC2046
	./mvnw -B -ntp ${MVN_ARGS:-} -Pmutation verify -Dmaven.test.skip.exec=true $(command_for "$scope") >"$log" 2>&1
	status=$?
	seconds=$(( $(date +%s) - start ))
	if [ ! -f "$report" ]; then
		summary+=("| $scope | (no report: see $log) | | | | | | $((seconds / 60)) min $((seconds % 60)) s |")
		failed=1
		continue
	fi
	total=$(grep -o "<mutation " "$report" | wc -l)
	killed=$(( $(count KILLED "$report") + $(count MEMORY_ERROR "$report") + $(count RUN_ERROR "$report") ))
	timed_out=$(count TIMED_OUT "$report")
	survived=$(count SURVIVED "$report")
	uncovered=$(count NO_COVERAGE "$report")
	score=$(( total > 0 ? (100 * (killed + timed_out)) / total : 100 ))
	verdict=""
	if [ $status -ne 0 ]; then
		verdict=" (build failed: see $log)"
		failed=1
	fi
	summary+=("| $scope | $total | $killed | $timed_out | $survived | $uncovered | $score %$verdict | $((seconds / 60)) min $((seconds % 60)) s |")
done

echo
echo "| scope | mutants | killed | timed out | survived | no coverage | score | run time |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
exit $failed
