def main() -> None:
    print("codegen 0.1.0")
