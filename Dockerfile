# The service image: docker compose up builds it (see docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props Eskalasi.sln ./
COPY src/Eskalasi/Eskalasi.csproj src/Eskalasi/
COPY src/Eskalasi.DevDatabase/Eskalasi.DevDatabase.csproj src/Eskalasi.DevDatabase/
RUN dotnet restore src/Eskalasi/Eskalasi.csproj
COPY src/ src/
RUN dotnet publish src/Eskalasi/Eskalasi.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY seeds/ ./seeds/
ENV ASPNETCORE_URLS=http://+:5080 \
    Eskalasi__SeedsPath=/app/seeds
EXPOSE 5080
ENTRYPOINT ["dotnet", "Eskalasi.dll"]
