print("telemetry: placeholder")
