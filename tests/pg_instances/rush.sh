# Sourced by run.sh (rush mode) with two instances on $P0 and $P1: a flash sale (buyers split
# between the instances, a small quota) and a door rush (every scan sent to BOTH instances), all
# four loads at the same time. Checks exact counts: sold = quota, one check-in per ticket, every
# other attempt refused with the spec's code (sold_out, already_checked_in, invalid_code), no 5xx.
USERS="${RUSH_USERS:-48}"
QUOTA="${RUSH_QUOTA:-150}"
TICKETS="${RUSH_TICKETS:-400}"
SCANNERS="${RUSH_SCANNERS:-16}"
mkdir -p "$WORK/flash" "$WORK/door"
seed flash --out "$WORK/flash" --users "$USERS" --quota "$QUOTA"
seed door --out "$WORK/door" --tickets "$TICKETS" --scanners "$SCANNERS"
awk 'NR % 2 == 1' "$WORK/flash/requests.tsv" >"$WORK/flash/buyers0.tsv"
awk 'NR % 2 == 0' "$WORK/flash/requests.tsv" >"$WORK/flash/buyers1.tsv"
HALF0=$(wc -l <"$WORK/flash/buyers0.tsv")
HALF1=$(wc -l <"$WORK/flash/buyers1.tsv")

"$LOADGEN" --port "$P0" --connections "$HALF0" --file "$WORK/flash/buyers0.tsv" --mode sticky \
  --stop-class sold_out --max-seconds 120 >"$WORK/flash0.env" &
F0=$!
"$LOADGEN" --port "$P1" --connections "$HALF1" --file "$WORK/flash/buyers1.tsv" --mode sticky \
  --stop-class sold_out --max-seconds 120 >"$WORK/flash1.env" &
F1=$!
"$LOADGEN" --port "$P0" --connections "$SCANNERS" --file "$WORK/door/requests.tsv" --mode once \
  --max-seconds 120 >"$WORK/door0.env" &
D0=$!
"$LOADGEN" --port "$P1" --connections "$SCANNERS" --file "$WORK/door/requests.tsv" --mode once \
  --max-seconds 120 >"$WORK/door1.env" &
D1=$!
wait "$F0" "$F1" "$D0" "$D1"

num() { local v; v=$(load_value "$1" "$2"); echo "${v:-0}"; }
both() { echo $(( $(num "$WORK/${1}0.env" "$2") + $(num "$WORK/${1}1.env" "$2") )); }

CREATED=$(both flash class_201)
SOLD_OUT=$(both flash class_sold_out)
FLASH_REQUESTS=$(both flash requests)
FLASH_5XX=$(both flash count_5xx)
OK=$(both door class_200)
ALREADY=$(both door class_already_checked_in)
INVALID=$(both door class_invalid_code)
DOOR_REQUESTS=$(both door requests)
DOOR_5XX=$(both door count_5xx)
IO=$(( $(both flash io_errors) + $(both door io_errors) + $(both flash unfinished) + $(both door unfinished) ))

seed verify-flash --out "$WORK/flash" >"$WORK/verify_flash.env"
seed verify-door --out "$WORK/door" >"$WORK/verify_door.env"
DB_SOLD=$(num "$WORK/verify_flash.env" db_orders)
DB_CHECKED=$(num "$WORK/verify_door.env" db_checked_in)
EXPECT_OK=$(num "$WORK/door/seed.env" EXPECT_OK)
EXPECT_DUP=$(num "$WORK/door/seed.env" EXPECT_ALREADY)
EXPECT_FORGED=$(num "$WORK/door/seed.env" EXPECT_INVALID)
SCANS_EACH=$((EXPECT_OK + EXPECT_DUP + EXPECT_FORGED))

echo "flash sale over 2 instances: $USERS buyers, quota $QUOTA: 201=$CREATED sold_out=$SOLD_OUT of $FLASH_REQUESTS replies, 5xx=$FLASH_5XX; database orders $DB_SOLD"
echo "door rush over 2 instances: $TICKETS tickets, $SCANS_EACH scans sent to each: ok=$OK already_checked_in=$ALREADY invalid_code=$INVALID of $DOOR_REQUESTS, 5xx=$DOOR_5XX; database checked in $DB_CHECKED"
check "orders created = quota" test "$CREATED" -eq "$QUOTA"
check "database orders = quota" test "$DB_SOLD" -eq "$QUOTA"
check "every other order reply sold_out" test $((CREATED + SOLD_OUT)) -eq "$FLASH_REQUESTS"
check "one check-in per ticket" test "$OK" -eq "$EXPECT_OK" -a "$DB_CHECKED" -eq "$EXPECT_OK"
check "every other genuine scan already_checked_in" test "$ALREADY" -eq $((2 * (EXPECT_OK + EXPECT_DUP) - EXPECT_OK))
check "forged codes invalid_code on both" test "$INVALID" -eq $((2 * EXPECT_FORGED))
check "door: scans sent = $((2 * SCANS_EACH))" test "$DOOR_REQUESTS" -eq $((2 * SCANS_EACH))
check "no 5xx, no I/O errors" test $((FLASH_5XX + DOOR_5XX + IO)) -eq 0
BENCH_STRICT=1 finish
