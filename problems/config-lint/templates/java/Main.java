import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class Main {
    /** "OK" or the first problem, e.g. "line 2 col 22: expected ']' but found '}'". */
    static String lint(String text) {
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                // TODO: strings, comments and brackets (line n + 1, column c + 1)
            }
        }
        return "OK";
    }

    public static void main(String[] args) throws IOException {
        String text = new String(System.in.readAllBytes(), StandardCharsets.US_ASCII);
        System.out.println(lint(text));
    }
}
