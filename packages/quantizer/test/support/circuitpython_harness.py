"""Runs generated CircuitPython code.py files under CPython with stand-ins for the board.

Stand-ins: board, digitalio, time (virtual clock), the I2C bus, adafruit_lsm6ds.lsm6ds3trc and
apds9930.apds9930. Button 1 reads "pressed" once per queued recording; the sensors return the
recorded sample at round((now - LED on) / interval). Prints one JSON object with, per job, the
console lines and timing observations.
"""
import contextlib
import io
import json
import sys
import types


class Stop(Exception):
    pass


def run_job(job):
    clock = {"t": 0.0}
    state = {"queue": list(job["recordings"]), "current": None, "pressed_at": None, "led_on_at": None,
             "waits": [], "reads_outside_led": 0, "led_on_durations": [], "read_times": []}

    time_mod = types.ModuleType("time")

    def sleep(seconds):
        if seconds < 0:
            raise ValueError("negative sleep")
        clock["t"] += seconds

    time_mod.sleep = sleep
    time_mod.monotonic = lambda: clock["t"]

    class I2C:
        def try_lock(self):
            return True

        def unlock(self):
            pass

    board = types.ModuleType("board")
    board.BUTTON1 = "GPIO0"
    board.LED = "GPIO13"
    board.I2C = I2C

    digitalio = types.ModuleType("digitalio")

    class Pull:
        UP = "UP"
        DOWN = "DOWN"

    class DigitalInOut:
        def __init__(self, pin):
            self.pin = pin
            self._value = False

        def switch_to_input(self, pull=None):
            self.pull = pull

        def switch_to_output(self, value=False):
            self._value = value

        @property
        def value(self):
            if self.pin == "GPIO0":
                if self.pull != Pull.UP:
                    raise RuntimeError("button without pull-up")
                if not state["queue"]:
                    raise Stop()
                state["current"] = state["queue"].pop(0)
                state["pressed_at"] = clock["t"]
                return False  # active low: pressed
            return self._value

        @value.setter
        def value(self, v):
            if self.pin == "GPIO13":
                if v and not self._value:
                    state["led_on_at"] = clock["t"]
                    state["waits"].append(round(clock["t"] - state["pressed_at"], 6))
                if not v and self._value:
                    state["led_on_durations"].append(round(clock["t"] - state["led_on_at"], 6))
            self._value = v

    digitalio.DigitalInOut = DigitalInOut
    digitalio.Pull = Pull

    def sample():
        rec = state["current"]
        if state["led_on_at"] is None or not leds[0]._value:
            state["reads_outside_led"] += 1
        dt = clock["t"] - (state["led_on_at"] or 0.0)
        state["read_times"].append(round(dt, 6))
        idx = int(round(dt / rec["interval_s"]))
        idx = max(0, min(len(rec["values"]) - 1, idx))
        return rec["values"][idx]

    leds = []
    orig_init = DigitalInOut.__init__

    def init(self, pin):
        orig_init(self, pin)
        if pin == "GPIO13":
            leds.append(self)

    DigitalInOut.__init__ = init

    lsm_pkg = types.ModuleType("adafruit_lsm6ds")
    lsm_mod = types.ModuleType("adafruit_lsm6ds.lsm6ds3trc")

    class LSM6DS3TRC:
        def __init__(self, i2c, address=0x6A):
            self.address = address

        @property
        def acceleration(self):
            s = sample()
            return (s["ax"], s["ay"], s["az"])

        @property
        def gyro(self):
            s = sample()
            return (s["gx"], s["gy"], s["gz"])

    lsm_mod.LSM6DS3TRC = LSM6DS3TRC
    lsm_pkg.lsm6ds3trc = lsm_mod

    apds_pkg = types.ModuleType("apds9930")
    apds_mod = types.ModuleType("apds9930.apds9930")

    class APDS9930:
        def __init__(self, i2c):
            pass

        @property
        def proximity(self):
            return sample()["proximity"]

    apds_mod.APDS9930 = APDS9930
    apds_pkg.apds9930 = apds_mod

    sys.modules.update({"time": time_mod, "board": board, "digitalio": digitalio,
                        "adafruit_lsm6ds": lsm_pkg, "adafruit_lsm6ds.lsm6ds3trc": lsm_mod,
                        "apds9930": apds_pkg, "apds9930.apds9930": apds_mod})
    out = io.StringIO()
    with open(job["code"]) as f:
        source = f.read()
    g = {"__name__": "__main__"}
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(source, job["code"], "exec"), g)
        except Stop:
            pass
    # the code's own integer functions on the recorded windows and on given int8 vectors
    axes = g["AXES"]
    window_logits = [g["invoke"](g["quantize_input"]([[s[a] for a in axes] for s in rec["values"]]))
                     for rec in job["recordings"]]
    int8_logits = [g["invoke"](list(x)) for x in job.get("int8_inputs", [])]
    return {"lines": out.getvalue().splitlines(), "window_logits": window_logits, "int8_logits": int8_logits, "waits": state["waits"],
            "led_on_durations": state["led_on_durations"], "reads_outside_led": state["reads_outside_led"],
            "read_times": state["read_times"][: 2 * job.get("window_length", 3)]}


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    real_time = sys.modules.get("time")
    results = [run_job(job) for job in spec["jobs"]]
    if real_time is not None:
        sys.modules["time"] = real_time
    sys.stdout.write(json.dumps(results))


main()
